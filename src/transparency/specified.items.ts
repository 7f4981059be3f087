// The Elected Local Policing Bodies (Specified Information) Order 2011, as amended in 2012, 2013 and
// 2021: what an office must publish, item by item, and how often (issue 16 lists the items).
// "every" is the longest the office can leave an item before it is overdue; none where the Order
// asks for it as each thing happens or changes (the checklist says so and cannot date it).

export type Frequency = 'monthly' | 'quarterly' | 'annually' | 'as_made' | 'on_change';
export const FREQUENCY_LABELS: Record<Frequency, string> = {
  monthly: 'Every month',
  quarterly: 'Every quarter',
  annually: 'Every year, before the financial year',
  as_made: 'As each one is made or held',
  on_change: 'When it changes',
};
/** Days after which an item last published on a day is overdue (a month's spending is due by the end of the next month). */
export const OVERDUE_AFTER_DAYS: Partial<Record<Frequency, number>> = { monthly: 62, quarterly: 123, annually: 366 };

export const SPECIFIED_ITEMS = [
  {
    item: 'office_holders',
    group: 'Who we are and what we spend',
    text: 'Names of the Commissioner and Deputy, their salaries and allowances',
    frequency: 'annually',
    order: '2011',
  },
  {
    item: 'interests',
    group: 'Who we are and what we spend',
    text: 'Register of interests of the Commissioner and Deputy',
    frequency: 'on_change',
    order: '2011',
  },
  {
    item: 'staff',
    group: 'Who we are and what we spend',
    text: 'Number of staff, and the names and salaries of senior staff',
    frequency: 'annually',
    order: '2011, amended 2012',
  },
  {
    item: 'budget',
    group: 'Who we are and what we spend',
    text: 'Budget, precept, and spending and investment strategy for the coming financial year',
    frequency: 'annually',
    order: '2011',
  },
  { item: 'spending', group: 'Who we are and what we spend', text: 'Each item of spending over £500', frequency: 'monthly', order: '2011' },
  {
    item: 'grants',
    group: 'Who we are and what we spend',
    text: 'Each crime and disorder reduction grant made: recipient, purpose, conditions and reasons',
    frequency: 'as_made',
    order: '2011',
  },
  { item: 'land', group: 'Who we are and what we spend', text: 'Land and premises held', frequency: 'annually', order: '2011, amended 2013' },
  {
    item: 'contracts',
    group: 'Who we are and what we spend',
    text: 'Contracts and invitations to tender over £10,000',
    frequency: 'as_made',
    order: '2011, amended 2012',
  },
  { item: 'meetings', group: 'How we make decisions', text: 'Dates, agendas and minutes of public meetings', frequency: 'as_made', order: '2011' },
  { item: 'reports', group: 'How we make decisions', text: 'Reports put to public meetings', frequency: 'quarterly', order: '2011' },
  { item: 'decisions', group: 'How we make decisions', text: 'Each decision of significant public interest', frequency: 'as_made', order: '2011' },
  { item: 'policies', group: 'How we make decisions', text: 'Policies and procedures of the office', frequency: 'on_change', order: '2011' },
  {
    item: 'complaints',
    group: 'How the force is held to account',
    text: 'Complaints data: how the force and the office handle complaints',
    frequency: 'quarterly',
    order: '2021',
  },
  {
    item: 'national_priorities',
    group: 'How the force is held to account',
    text: 'Statement on the force’s contribution to the national crime and policing measures',
    frequency: 'annually',
    order: '2021',
  },
  {
    item: 'inspection',
    group: 'How the force is held to account',
    text: 'The force’s inspection reports (HMICFRS) and the Commissioner’s comments',
    frequency: 'as_made',
    order: '2021',
  },
] as const satisfies readonly { item: string; group: string; text: string; frequency: Frequency; order: string }[];
export type SpecifiedItem = (typeof SPECIFIED_ITEMS)[number]['item'];
export const SPECIFIED_ITEM_KEYS = SPECIFIED_ITEMS.map((i) => i.item) as [SpecifiedItem, ...SpecifiedItem[]];
