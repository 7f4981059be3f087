// The roles as GOV.UK radios, for the user and token forms.
const ROLES = [
  { value: 'viewer', text: 'Viewer', hint: 'Reads everything of the office, including drafts' },
  { value: 'editor', text: 'Editor', hint: 'Creates and updates projects and records decisions' },
  { value: 'admin', text: 'Admin', hint: 'Also sets up the plan, users and API tokens' },
];
export const roleItems = (chosen: string) => ROLES.map((r) => ({ value: r.value, text: r.text, hint: { text: r.hint }, checked: r.value === chosen }));
