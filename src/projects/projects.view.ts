// The projects area's template filters, handed to the web app by the composition root.
import type { ViewFilters } from '../platform/web/filters.js';
import { type Forecast, formatForecast } from './forecast.js';
import { STAGE_LABELS, type Stage } from './stages.js';

export const projectViewFilters: ViewFilters = {
  stageLabel: (s: Stage) => STAGE_LABELS[s] ?? s,
  forecast: (p: { forecastEnd: string | null; forecastPrecision: Forecast['precision'] }) =>
    formatForecast({ date: p.forecastEnd, precision: p.forecastPrecision }),
};
