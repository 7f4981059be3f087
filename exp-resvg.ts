import { Resvg } from '@resvg/resvg-js';
import { barChartSvg } from './src/documents/charts.js';
const svg = await barChartSvg(Array.from({ length: 6 }, (_, i) => ({ label: `Strand ${i}`, value: i * 7 })), { title: 'T', valueTitle: 'v', labelTitle: 'l' });
const files = ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'];
const lib = files.slice(0, 2);
for (const [name, font] of [['lib', { loadSystemFonts: false, fontFiles: lib, defaultFontFamily: 'Liberation Sans' }], ['nofont', { loadSystemFonts: false, fontFiles: [], defaultFontFamily: 'Liberation Sans' }], ['system', { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }], ['files', { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'Liberation Sans' }]] as const) {
  for (let k = 0; k < 2; k++) {
    const s = performance.now(); let n = 0;
    for (let i = 0; i < 10; i++) n += new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font, background: 'white' }).render().asPng().length;
    console.log(name, ((performance.now() - s) / 10).toFixed(1), 'ms per chart', n / 10);
  }
}
