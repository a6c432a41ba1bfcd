// What an AXL request element may contain, in a form both sources share: the user's own
// AXLSoap.xsd (xsd-rules.ts) and the facts kept from Cisco's 10.5 schema for the tests
// (fact-rules.ts). check.ts walks a request body against it.

export interface Rule {
  /** Child elements that must appear. */
  readonly required: readonly string[];
  /** Of each group one must appear (a required xsd:choice, e.g. name | uuid). */
  readonly choices: readonly (readonly string[])[];
  /** xsd:any: any child element is allowed and not looked into (vendorConfig). */
  readonly any: boolean;
  /** Names of the children the schema allows. */
  names(): string[];
  /** A child's own rule; 'text' for a simple type (no child elements); undefined if not allowed. */
  child(name: string): Rule | 'text' | undefined;
}

export interface RuleSource {
  /** Where the rules come from, for messages. */
  readonly origin: string;
  /** The rule of a request element (getPhone, ...); undefined when the schema lacks it. */
  request(method: string): Rule | undefined;
}
