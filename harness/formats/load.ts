// A firmware load as every layer sees it: its id and the component files it is made of,
// with their sizes. The lab resolves it from a .loads manifest (loads-file.ts) and the files
// beside it, the TFTP driver reads it from a server, the twin's TFTP server publishes it,
// and the PFS analysis needs the sizes to tell a firmware copy on TCP 4051 from anything else.

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
