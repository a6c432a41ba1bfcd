// EVERY path, selector, label and status text the web driver uses, in one place. A real
// cluster whose pages differ is onboarded by editing this data (and checking it with
// `pfslab cucm probe`), never the driver code.
//
// Each target says what it rests on: `public` (pfs-reference §5: public Selenium/Watir scripts
// and userscripts that drive ccmadmin 10.5, Cisco's guides) or `guess` (nothing public: the
// probe lists every guess as unverified, found or not). Ways to find it, tried in this order:
// the accessible name of a form control (label), ARIA role + accessible name, visible text, the
// control in the table row whose own cell reads a visible label (how CUCM lays its forms out:
// whether its labels are <label for> is not public), and last a CSS selector that is public
// FOR THIS PAGE. No id is ever carried from one page to another: toolbar ids are per page and
// per release (2tbllink is Save on a phone, Delete on an End User page).

export type AriaRoleName = 'button' | 'link' | 'checkbox' | 'combobox' | 'textbox' | 'status' | 'cell' | 'row' | 'table' | 'alert' | 'radio' | 'img';

export type Basis = 'public' | 'guess';

export interface Target {
  /** What it is, for messages and the probe report. */
  name: string;
  basis: Basis;
  /** The public source, or what is guessed. */
  why: string;
  /** getByLabel(label, exact): a form control's accessible name. */
  label?: string;
  /** getByRole(role, { name, exact }). */
  role?: { role: AriaRoleName; name?: string };
  /** getByText(text, exact). */
  text?: string;
  /**
   * A control in the innermost table row that has a cell reading `text` (all of them, when
   * several: e.g. device type AND protocol); trailing "*" and ":" and spacing are ignored.
   * `column`: only in the cell under that header of the table; `nth`: the nth match in the row.
   */
  inRow?: { text: string | readonly string[]; role: AriaRoleName; name?: string; column?: string; nth?: number };
  /** The text of the cell right after the cell reading this (a read-only field). */
  cellAfter?: string;
  /** Last resort, and only a selector public for this very page. */
  css?: string;
}

/** A page: where it is and whether that path is public. */
export interface PageInfo {
  title: string;
  path: string;
  pathBasis: Basis;
}

const PUBLIC_SCRIPTS = 'public scripts that drive ccmadmin 10.5 (pfs-reference §5)';
const NOT_PUBLIC = 'not public; the virtual CUCM has it this way';

const PFS_LABEL = 'Peer Firmware Sharing';
const OVERRIDE_COMMON = 'Override Common Settings';
const OVERRIDE_ENTERPRISE = 'Override Enterprise Settings';

/**
 * A product-specific parameter's control and override box, by the visible name of its row
 * (the HTML names are productSpecific[N]..., N by position in the model's layout: useless
 * across models). Generic: the Log Server or any other parameter is found the same way.
 */
export function productSpecific(label: string, overrideHeading: string | undefined): { field: Target; override: Target | undefined } {
  return {
    field: { name: `${label} field`, basis: 'guess', why: `the parameter's name is Cisco's; that its control sits in the row of that name is ${NOT_PUBLIC}`, label, inRow: { text: label, role: 'combobox' } },
    override: overrideHeading
      ? { name: `${overrideHeading} box of ${label}`, basis: 'guess', why: `the box exists (Cisco's guides); that it sits in the parameter's row is ${NOT_PUBLIC}`, inRow: { text: label, role: 'checkbox' } }
      : undefined,
  };
}

/** A text-valued product-specific parameter (e.g. Log Server). */
export function productSpecificText(label: string, overrideHeading: string | undefined): { field: Target; override: Target | undefined } {
  const p = productSpecific(label, overrideHeading);
  return { field: { ...p.field, inRow: { text: label, role: 'textbox' } }, override: p.override };
}

/** Any product-specific parameter of a phone (Log Server...) by its label: its control and its Override Common Settings box. */
export function phoneParamTargets(label: string): { field: Target; override: Target } {
  const t = productSpecificText(label, OVERRIDE_COMMON);
  if (t.override === undefined) throw new Error(`no override box for ${label}`);
  return { field: t.field, override: t.override };
}

/** A toolbar action by its accessible name; `id` only where public for this page. */
const toolbar = (label: string, id?: string): Target =>
  id === undefined
    ? { name: `${label} toolbar button`, basis: 'guess', why: `the action exists; its accessible name "${label}" is ${NOT_PUBLIC}`, role: { role: 'link', name: label } }
    : { name: `${label} toolbar button`, basis: 'public', why: `id ${id} on this page: ${PUBLIC_SCRIPTS}`, role: { role: 'link', name: label }, css: `[id="${id}"]` };
const status: Target = { name: 'Status box', basis: 'guess', why: `where CUCM writes "Update successful" is ${NOT_PUBLIC}`, role: { role: 'status' } };
const formRow = (label: string, role: AriaRoleName): Target => ({ name: label, basis: 'guess', why: `the field's name is Cisco's; its place in a row labelled so is ${NOT_PUBLIC}`, label, inRow: { text: label, role } });

const phonePfs = productSpecific(PFS_LABEL, OVERRIDE_COMMON);
const profilePfs = productSpecific(PFS_LABEL, OVERRIDE_ENTERPRISE);
const enterprisePfs = productSpecific(PFS_LABEL, OVERRIDE_ENTERPRISE);

/** The find row of Find and List Phones (public) and of BAT's query (same names assumed). */
const findRow = (basis: Basis) => ({
  field: { name: 'Find field', basis, why: `select searchField0: ${PUBLIC_SCRIPTS}`, css: '[name="searchField0"]' } as Target,
  condition: { name: 'Find condition', basis, why: `select searchLimit0: ${PUBLIC_SCRIPTS}`, css: '[name="searchLimit0"]' } as Target,
  text: { name: 'Find text', basis, why: `text searchString0: ${PUBLIC_SCRIPTS}`, css: '[name="searchString0"]' } as Target,
  find: { name: 'Find button', basis, why: `name="findButton", no id: ${PUBLIC_SCRIPTS}`, css: '[name="findButton"]' } as Target,
});

const FIND_LIST_TABLE: Target = { name: 'result table', basis: 'public', why: `table[summary="Find List Table Result"], no thead: ${PUBLIC_SCRIPTS}`, css: 'table[summary="Find List Table Result"]' };

export const PAGES = {
  login: {
    title: 'Login',
    path: '/ccmadmin/showHome.do',
    pathBasis: 'public',
    // The logon form is how a page is known to be the login page (also after a session expired).
    form: { name: 'login form', basis: 'public', why: `form logonForm: ${PUBLIC_SCRIPTS}`, css: 'form[name="logonForm"]' } as Target,
    username: { name: 'Username', basis: 'public', why: `j_username: ${PUBLIC_SCRIPTS}`, css: '[name="j_username"]' } as Target,
    password: { name: 'Password', basis: 'public', why: `j_password: ${PUBLIC_SCRIPTS}`, css: '[name="j_password"]' } as Target,
    submit: { name: 'Login button', basis: 'public', why: `a button "Login" with class cuesLoginButton, no id: ${PUBLIC_SCRIPTS}`, role: { role: 'button', name: 'Login' }, css: 'button.cuesLoginButton[value="Login"]' } as Target,
  },
  phoneFind: {
    title: 'Find and List Phones',
    path: '/ccmadmin/phoneFindList.do',
    pathBasis: 'public',
    ...findRow('public'),
    results: FIND_LIST_TABLE,
    /** Header texts of the result table's first row (public); there is no Device Type column. */
    columns: { name: 'Device Name(Line)', description: 'Description', devicePool: 'Device Pool', status: 'Status', ip: 'IPv4 Address' },
  },
  phoneEdit: {
    title: 'Phone Configuration',
    /** {pkid} is replaced; public (pfs-reference §5). */
    path: '/ccmadmin/phoneEdit.do?key={pkid}',
    pathBasis: 'public',
    productType: { name: 'Product Type', basis: 'guess', why: `a read-only row "Product Type": ${NOT_PUBLIC}`, cellAfter: 'Product Type' } as Target,
    description: formRow('Description', 'textbox'),
    commonPhoneProfile: formRow('Common Phone Profile', 'combobox'),
    /** The phone's own target load (Device Information section); empty = the Device Defaults load. */
    loadName: formRow('Phone Load Name', 'textbox'),
    pfs: phonePfs.field,
    pfsOverride: phonePfs.override as Target,
    save: toolbar('Save', '2tbllink'),
    reset: toolbar('Reset'),
    applyConfig: toolbar('Apply Config', '6tbllink'),
    status,
  },
  applyConfigPopup: {
    title: 'Apply Configuration Information',
    ok: { name: 'OK button', basis: 'public', why: `the popup's OK is name="OK": ${PUBLIC_SCRIPTS}`, role: { role: 'button', name: 'OK' }, css: '[name="OK"]' } as Target,
  },
  resetPopup: {
    title: 'Device Reset',
    reset: { name: 'Reset button', basis: 'guess', why: NOT_PUBLIC, role: { role: 'button', name: 'Reset' } } as Target,
    restart: { name: 'Restart button', basis: 'guess', why: NOT_PUBLIC, role: { role: 'button', name: 'Restart' } } as Target,
  },
  profileList: {
    title: 'Find and List Common Phone Profiles',
    path: '/ccmadmin/commonPhoneProfileFindList.do',
    pathBasis: 'guess',
    // A profile's link is found by its name (role link, exact).
    results: { ...FIND_LIST_TABLE, basis: 'guess', why: `the find-list table of Find and List Phones, assumed for profiles: ${NOT_PUBLIC}` } as Target,
  },
  profileEdit: {
    title: 'Common Phone Profile Configuration',
    path: '/ccmadmin/commonPhoneProfileEdit.do?key={pkid}',
    pathBasis: 'guess',
    pfs: profilePfs.field,
    pfsOverride: profilePfs.override as Target,
    save: toolbar('Save'),
    applyConfig: toolbar('Apply Config'),
    status,
  },
  enterprise: {
    title: 'Enterprise Phone Configuration',
    path: '/ccmadmin/enterprisePhoneConfigEdit.do',
    pathBasis: 'guess',
    pfs: enterprisePfs.field,
    /** Cisco's guides show the box on this page too: a value without it may be ignored. */
    pfsOverride: enterprisePfs.override as Target,
    save: toolbar('Save'),
    status,
  },
  deviceDefaults: {
    title: 'Device Defaults Configuration',
    /** Device > Device Settings > Device Defaults. */
    path: '/ccmadmin/deviceDefaultsEdit.do',
    pathBasis: 'guess',
  },
  batQuery: {
    title: 'Update Phones - Query',
    path: '/ccmadmin/bulkphoneupdateFindList.do',
    pathBasis: 'guess',
    ...findRow('guess'),
    next: { name: 'Next button', basis: 'guess', why: `Query -> Find -> Next is Cisco's BAT guide; the button's name is ${NOT_PUBLIC}`, role: { role: 'button', name: 'Next' } } as Target,
  },
  batUpdate: {
    title: 'Update Phones Configuration',
    /** The "update" box in the row of a field (Cisco's BAT guide: one per field to change). */
    updateBox: (label: string): Target => ({ name: `update box of ${label}`, basis: 'guess', why: `one update box per field (BAT guide); first box of the field's row is ${NOT_PUBLIC}`, inRow: { text: label, role: 'checkbox', nth: 0 } }),
    field: (label: string): Target => ({ name: `${label} field`, basis: 'guess', why: NOT_PUBLIC, inRow: { text: label, role: 'combobox' } }),
    overrideBox: (label: string): Target => ({ name: `${OVERRIDE_COMMON} box of ${label}`, basis: 'guess', why: NOT_PUBLIC, inRow: { text: label, role: 'checkbox', nth: 1 } }),
    /** Action after the update: radio buttons (BAT guide); their labels are guesses. */
    after: (label: string): Target => ({ name: `"${label}" radio button`, basis: 'guess', why: `radio buttons (BAT guide); the label is ${NOT_PUBLIC}`, role: { role: 'radio', name: label } }),
    jobDescription: formRow('Job Description', 'textbox'),
    runNow: { name: 'Run Immediately', basis: 'public', why: `radio runimmediately=true on BAT pages: ${PUBLIC_SCRIPTS}`, role: { role: 'radio', name: 'Run Immediately' }, css: 'input[name="runimmediately"][value="true"]' } as Target,
    submit: { name: 'Submit button', basis: 'public', why: `name="Submit" on BAT pages: ${PUBLIC_SCRIPTS}`, role: { role: 'button', name: 'Submit' }, css: '[name="Submit"]' } as Target,
  },
  batJobList: {
    title: 'Find and List Jobs',
    path: '/ccmadmin/bulkjobFindList.do',
    pathBasis: 'public',
    text: { name: 'Find text', basis: 'guess', why: `the find row of the Job Scheduler: ${NOT_PUBLIC}`, css: '[name="searchString0"]' } as Target,
    find: { name: 'Find button', basis: 'public', why: `name="findButton": ${PUBLIC_SCRIPTS}`, css: '[name="findButton"]' } as Target,
    results: { name: 'job table', basis: 'public', why: `table class cuesTableBg, jobs link to bulkjobEdit.do?key=<uuid>: ${PUBLIC_SCRIPTS}`, css: 'table.cuesTableBg' } as Target,
  },
  batJob: {
    title: 'Job Configuration',
    /** {key} (a uuid) is replaced; public. */
    path: '/ccmadmin/bulkjobEdit.do?key={key}',
    pathBasis: 'public',
    status: { name: 'job Status', basis: 'guess', why: NOT_PUBLIC, cellAfter: 'Status' } as Target,
    /** The job's result row: start time, status, processed, failed, total, log file (public script). */
    results: { name: 'job result row', basis: 'public', why: `row .content-grid-stripe-dark: status, processed, failed, total in cells 2-5: ${PUBLIC_SCRIPTS}`, css: 'tr.content-grid-stripe-dark' } as Target,
    resultCells: { status: 1, processed: 2, failed: 3, total: 4 },
  },
} as const;

/**
 * The Load Information box of one device type and protocol on the Device Defaults page: CUCM
 * keeps a row per device type AND protocol (SCCP and SIP rows for one model; pfs-reference §5).
 */
export function deviceDefaultLoad(deviceType: string, protocol: string): Target {
  return {
    name: `Load Information of ${deviceType} (${protocol})`,
    basis: 'guess',
    why: `rows per type and protocol and the column "Load Information" are public; the page's layout is ${NOT_PUBLIC}`,
    inRow: { text: [deviceType, protocol], role: 'textbox', column: 'Load Information' },
  };
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
  /** The job's result row when every record was processed (public script: processed == total). */
  jobSuccess: 'Success',
  /** The link to the next page of a result list. */
  nextPage: 'Next',
  /** BAT: labels of the "action after update" radio buttons. */
  afterUpdate: { apply: 'Apply Config', restart: 'Restart', reset: 'Reset', none: "Don't Reset, Restart or Apply Config" },
  /** Errors CUCM shows in the Status box. */
  errorCss: '.error',
} as const;

export const PFS_FIELD_LABEL = PFS_LABEL;
export const OVERRIDE_HEADINGS = { phone: OVERRIDE_COMMON, profile: OVERRIDE_ENTERPRISE, enterprise: OVERRIDE_ENTERPRISE } as const;
