// AXL errors, sent as SOAP faults shaped like CUCM's:
//   <soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>MSG</faultstring>
//   <detail><axlError><axlcode>CODE</axlcode><axlmessage>MSG</axlmessage>
//   <request>METHOD</request></axlError></detail></soapenv:Fault>
// with HTTP 500. The shape and codes 5007 ("Item not valid: The specified X was not found",
// get/apply/reset) and 5003 (update of a missing item) come from public AXL client code that
// handles them; the codes for usage errors are this CUCM's own choice.

export const AXL_CODE = {
  /** get, apply, reset, restart of an item that does not exist. */
  itemNotFound: 5007,
  /** update of an item that does not exist; also a value the item cannot take. */
  updateFailed: 5003,
  /** A request this service cannot read: missing element, unknown method, wrong version. */
  usage: 5002,
} as const;

export class AxlFault extends Error {
  constructor(
    readonly axlCode: number,
    message: string,
    readonly faultCode: 'Client' | 'Server' = 'Client',
  ) {
    super(message);
  }
}

export function notFound(what: string): AxlFault {
  return new AxlFault(AXL_CODE.itemNotFound, `Item not valid: The specified ${what} was not found`);
}

export function usage(message: string): AxlFault {
  return new AxlFault(AXL_CODE.usage, message);
}
