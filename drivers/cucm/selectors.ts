// EVERY selector, label, path and status text the web driver uses, in one place. A real
// cluster whose pages differ from the virtual CUCM's is onboarded by editing this data (and
// checking it with `pfslab cucm probe`), never the driver code.
//
// Each target lists ways to find it, tried in this order: visible label, ARIA role + name,
// visible text, the row that holds a label/header, and last a CSS fallback. Labels and roles
// are what an engineer sees on CUCM's pages (pfs-reference §5); the CSS fallbacks marked
// "virtual" are the virtual CUCM's own names (the real HTML names are not public) and only
// serve when the visible way fails.

export type AriaRoleName = 'button' | 'link' | 'checkbox' | 'combobox' | 'textbox' | 'status' | 'cell' | 'row' | 'table' | 'alert';

export interface Target {
  /** What it is, for messages and the probe report. */
  name: string;
  /** getByLabel(label, exact). */
  label?: string;
  /** getByRole(role, { name, exact }). */
  role?: { role: AriaRoleName; name?: string };
  /** getByText(text, exact). */
  text?: string;
  /** A control inside the table row that holds `rowLabel` (a <label>) or `rowHeader` (a cell's text). */
  inRow?: { rowLabel?: string; rowHeader?: string; role: AriaRoleName; name?: string; cell?: number };
  /** Last resort. */
  css?: string;
}

const PFS_LABEL = 'Peer Firmware Sharing';

/** A product-specific parameter's control and its override box (by the row holding its label). */
function productField(label: string, overrideHeading: string | undefined, virtualKey: string): { field: Target; override?: Target } {
  return {
    field: { name: `${label} field`, label, css: `[name="psc_${virtualKey}"]` /* virtual */ },
    override: overrideHeading
      ? { name: `${overrideHeading} box of ${label}`, inRow: { rowLabel: label, role: 'checkbox', name: overrideHeading }, css: `[name="psc_${virtualKey}_override"]` /* virtual */ }
      : undefined,
  };
}

/** Any product-specific parameter of a phone (Log Server...) by its label: its control and its Override Common Settings box. */
export function phoneParamTargets(label: string, element: string): { field: Target; override: Target } {
  const t = productField(label, 'Override Common Settings', element);
  return { field: t.field, override: t.override as Target };
}

const toolbar = (label: string, id: string): Target => ({ name: `${label} toolbar button`, role: { role: 'link', name: label }, css: `[id="${id}"]` });
const status: Target = { name: 'Status box', role: { role: 'status' }, css: '#statusMessages' };
const rowValue = (header: string, css: string): Target => ({ name: header.replace(/:$/, ''), inRow: { rowHeader: header, role: 'cell', cell: 1 }, css });

const phonePfs = productField(PFS_LABEL, 'Override Common Settings', 'peerFirmwareSharing');
const profilePfs = productField(PFS_LABEL, 'Override Enterprise Settings', 'peerFirmwareSharing');
const enterprisePfs = productField(PFS_LABEL, undefined, 'peerFirmwareSharing');

/** The find row shared by Find and List Phones and BAT Update Phones - Query. */
const findRow = {
  field: { name: 'Find field', label: 'Find field', css: '[name="searchField0"]' } as Target,
  condition: { name: 'Find condition', label: 'Find condition', css: '[name="searchLimit0"]' } as Target,
  text: { name: 'Find text', label: 'Find text', css: '[name="searchString0"]' } as Target,
  find: { name: 'Find button', role: { role: 'button', name: 'Find' }, css: '#findButton' } as Target,
};

export const PAGES = {
  login: {
    title: 'Login',
    path: '/ccmadmin/showHome.do',
    // The logon form is how a page is known to be the login page (also after a session expired).
    form: { name: 'login form', css: 'form[name="logonForm"]' } as Target,
    username: { name: 'Username', label: 'Username', css: '[name="j_username"]' } as Target,
    password: { name: 'Password', label: 'Password', css: '[name="j_password"]' } as Target,
    submit: { name: 'Login button', role: { role: 'button', name: 'Login' }, css: '#loginButton' } as Target,
    error: { name: 'login error', role: { role: 'alert' }, css: '.error' } as Target,
  },
  phoneFind: {
    title: 'Find and List Phones',
    path: '/ccmadmin/phoneFindList.do',
    ...findRow,
    // The result table has no caption or label to find it by; its id is CUCM's (public scripts).
    results: { name: 'phone list', css: '#phoneList' } as Target,
    /** Inside the result table: header cells, body rows, and the device name cell of a row. */
    headerCells: 'thead th',
    bodyRows: 'tbody tr',
    nameCell: 'td:first-child',
    dataCells: 'td',
  },
  phoneEdit: {
    title: 'Phone Configuration',
    /** {pkid} is replaced; public (pfs-reference §5). */
    path: '/ccmadmin/phoneEdit.do?key={pkid}',
    productType: rowValue('Product Type:', '#productType'),
    description: { name: 'Description', label: 'Description', css: '[name="description"]' } as Target,
    commonPhoneProfile: { name: 'Common Phone Profile', label: 'Common Phone Profile', css: '[name="commonPhoneProfileKey"]' } as Target,
    /** The phone's own target load (Device Information section); empty = the Device Defaults load. */
    loadName: { name: 'Phone Load Name', label: 'Phone Load Name', css: '[name="loadName"]' /* virtual */ } as Target,
    pfs: phonePfs.field,
    pfsOverride: phonePfs.override as Target,
    save: toolbar('Save', '2tbllink'),
    reset: toolbar('Reset', '5tbllink'),
    applyConfig: toolbar('Apply Config', '6tbllink'),
    status,
  },
  applyConfigPopup: {
    title: 'Apply Configuration Information',
    ok: { name: 'OK button', role: { role: 'button', name: 'OK' }, css: '#okButton' } as Target,
  },
  resetPopup: {
    title: 'Device Reset',
    reset: { name: 'Reset button', role: { role: 'button', name: 'Reset' }, css: '#resetButton' } as Target,
    restart: { name: 'Restart button', role: { role: 'button', name: 'Restart' }, css: '#restartButton' } as Target,
  },
  profileList: {
    title: 'Find and List Common Phone Profiles',
    path: '/ccmadmin/commonPhoneProfileFindList.do',
    // A profile's link is found by its name (role link, exact); the probe opens the first one.
    firstProfileLink: { name: 'first Common Phone Profile link', css: '#commonPhoneProfileList a' } as Target,
  },
  profileEdit: {
    title: 'Common Phone Profile Configuration',
    /** {pkid} is replaced; the virtual CUCM's own URL (the real one is not public). */
    path: '/ccmadmin/commonPhoneProfileEdit.do?key={pkid}',
    pfs: profilePfs.field,
    pfsOverride: profilePfs.override as Target,
    save: toolbar('Save', '2tbllink'),
    applyConfig: toolbar('Apply Config', '6tbllink'),
    status,
  },
  enterprise: {
    title: 'Enterprise Phone Configuration',
    path: '/ccmadmin/enterprisePhoneConfigEdit.do',
    pfs: enterprisePfs.field,
    save: toolbar('Save', '2tbllink'),
    status,
  },
  deviceDefaults: {
    title: 'Device Defaults Configuration',
    /** Device > Device Settings > Device Defaults. */
    path: '/ccmadmin/deviceDefaultsEdit.do',
  },
  batQuery: {
    title: 'Update Phones Query',
    path: '/ccmadmin/batPhoneUpdateQuery.do',
    ...findRow,
    next: { name: 'Next button', role: { role: 'button', name: 'Next' }, css: '#nextButton' } as Target,
  },
  batUpdate: {
    title: 'Update Phones Configuration',
    pfs: productField(PFS_LABEL, 'Override Common Settings', 'peerFirmwareSharing').field,
    pfsOverride: productField(PFS_LABEL, 'Override Common Settings', 'peerFirmwareSharing').override as Target,
    after: { name: 'Device Action After Update', label: 'Device Action After Update', css: '[name="afterUpdate"]' } as Target,
    submit: { name: 'Submit button', role: { role: 'button', name: 'Submit' }, css: '#submitButton' } as Target,
  },
  batJobList: {
    title: 'Find and List Jobs',
    path: '/ccmadmin/batJobFindList.do',
    firstJobLink: { name: 'first job link', css: '#jobList a' } as Target,
  },
  batJob: {
    title: 'Job Configuration',
    /** {id} is replaced. */
    path: '/ccmadmin/batJobEdit.do?key={id}',
    jobId: rowValue('Job Id:', '#jobId'),
    status: rowValue('Status:', '#jobStatus'),
    total: rowValue('Number of Records:', '#jobTotal'),
    succeeded: rowValue('Succeeded:', '#jobSucceeded'),
    failed: rowValue('Failed:', '#jobFailed'),
  },
} as const;

/**
 * The Load Information box of one device type on the Device Defaults page: the text box in the
 * row whose cell reads the device type ("Cisco 7961").
 */
export function deviceDefaultLoad(deviceType: string): Target {
  return { name: `Load Information of ${deviceType}`, inRow: { rowHeader: deviceType, role: 'textbox' }, css: `[aria-label="Load Information for ${deviceType}"]` /* virtual */ };
}

/** Option texts and status lines CUCM shows. */
export const TEXTS = {
  findByName: 'Device Name',
  findByModel: 'Device Type',
  conditionExact: 'is exactly',
  conditionBegins: 'begins with',
  saved: 'Update successful',
  applied: 'Apply Config successful',
  resetSent: 'Reset request sent',
  restartSent: 'Restart request sent',
  jobDone: 'Completed',
  /** The link to the next page of a result list. */
  nextPage: 'Next',
  /** BAT "Device Action After Update" options. */
  afterUpdate: { apply: 'Apply Config', restart: 'Restart', reset: 'Reset', none: 'None' },
  /** Find and List Phones column headers. */
  columns: { description: 'Description', model: 'Device Type', status: 'Status', ip: 'IPv4 Address' },
  /** Errors CUCM shows in the Status box. */
  errorCss: '.error',
} as const;

export const PFS_FIELD_LABEL = PFS_LABEL;
