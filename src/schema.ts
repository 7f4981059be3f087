// Every table of every area, for drizzle-kit, which writes the migrations from them.
export * from './platform/auth/auth.table.js';
export * from './platform/auth/oidc.table.js';
export * from './plan/plan.table.js';
export * from './projects/projects.table.js';
export * from './projects/status.table.js';
export * from './areas/areas.table.js';
export * from './decisions/decisions.table.js';
export * from './reports/reports.table.js';
export * from './targets/targets.table.js';
export * from './api/idempotency.table.js';
export * from './panel/panel.table.js';
export * from './grants/grants.table.js';
export * from './imports/imports.table.js';
export * from './platform/reminders/reminders.table.js';
export * from './transparency/specified.table.js';
export * from './reports/paper-settings.table.js';
