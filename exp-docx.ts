import { createDb } from './src/platform/db/client.js';
import { createServices } from './src/platform/web/services.js';
import { testConfig } from './src/config.js';
import { currentPeriod } from './src/reports/periods.js';
import { reportDoc } from './src/reports/report.doc.js';
import { renderDocx } from './src/documents/docx.js';
const d = await createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/pcp_exp2' });
const services = createServices({ db: d.db, config: testConfig() });
const office = (await d.exec(`select id from offices where slug = 'bench-1'`)).rows[0].id as string;
const scheme = await services.reports.schemeOf(office);
const model = await services.reports.model(office, currentPeriod(scheme, new Date()).id);
for (let i = 0; i < 6; i++) {
  let s = performance.now(); const doc = await reportDoc(model); const a = performance.now() - s;
  s = performance.now(); const x = await renderDocx(doc); const b = performance.now() - s;
  console.log('doc', a.toFixed(0), 'docx', b.toFixed(0), x.length);
}
await services.reports.close(); await d.close();
