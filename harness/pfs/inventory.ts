// Load inventory: which load each model runs and the component files it is made of.
// The PFS analysis needs file sizes to tell a firmware copy on TCP 4051 from anything else.

export interface ComponentFile {
  /** File name as fetched by TFTP, e.g. apps41.9-4-2ES26.sbn */
  name: string;
  size: number;
}

export interface Load {
  /** Load id, e.g. SCCP41.9-4-2SR2-2S; its manifest is `<id>.loads`. */
  id: string;
  /** Component files in the order the phone fetches them. */
  files: ComponentFile[];
}

/** model (CP-7961G) -> the load that model should run. */
export type LoadInventory = Map<string, Load>;

/** The lab facts the PFS analysis uses; produced from a lab description or inferred from evidence. */
export interface LabFacts {
  phones: PhoneFact[];
  subnets: { name: string; cidr: string }[];
  inventory: LoadInventory;
}

export interface PhoneFact {
  /** Device name SEP<MAC>. */
  name: string;
  mac: string;
  model: string;
  ip: string;
  subnet: string;
}
