// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';
initAll();

// A long select (the office's decision notices) becomes searchable: alphagov's accessible-autocomplete,
// loaded only where such a select is. Without JavaScript the select works as it is.
const LONG = 10;
const selects = [...document.querySelectorAll('select[data-module="app-autocomplete"]')].filter((s) => s.options.length > LONG);
if (selects.length) {
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/assets/accessible-autocomplete.min.css';
  document.head.append(css);
  const js = document.createElement('script');
  js.src = '/assets/accessible-autocomplete.min.js';
  js.onload = () => {
    for (const selectElement of selects) window.accessibleAutocomplete.enhanceSelectElement({ selectElement, defaultValue: '', showAllValues: true });
  };
  document.head.append(js);
}
