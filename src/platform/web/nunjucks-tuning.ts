// Nunjucks costs that dominated pages with long choice lists (hundreds of projects as checkboxes, each
// rendered through the govuk macros), replaced by equivalents: the same HTML for less work.
import nunjucks from 'nunjucks';

// In Nunjucks' runtime exports but not in its type definitions.
const { copySafeness, markSafe } = nunjucks.runtime as unknown as { copySafeness(from: unknown, to: string): unknown; markSafe(s: string): unknown };
const escapeHtml = (nunjucks as unknown as { lib: { escape(s: string): string } }).lib.escape;

/**
 * Nunjucks' trim is `replace(/^\s*|\s*$/g, '')`, which rescans each run of whitespace towards the end
 * of the string; the govuk macros trim their captured HTML at every level, so on a 400-item list it
 * took a fifth of the page's time. String.prototype.trim removes the same characters (JavaScript's
 * `\s` is its WhiteSpace and LineTerminator set) in one pass. Safeness is kept as Nunjucks keeps it.
 */
export function trim(v: unknown): unknown {
  return copySafeness(v, String(v).trim());
}

type Item =
  | { value?: unknown; text?: unknown; checked?: unknown; selected?: unknown; hint?: { text?: unknown; [k: string]: unknown }; [k: string]: unknown }
  | null
  | undefined;
type CheckboxesParams = {
  name?: string;
  idPrefix?: string;
  fieldset?: unknown;
  values?: unknown;
  items?: Item[];
  formGroup?: { beforeInputs?: unknown; [k: string]: unknown };
  [k: string]: unknown;
};

const CHECKBOX_KEYS = new Set(['value', 'text', 'checked', 'hint']);
const OPTION_KEYS = new Set(['value', 'text', 'selected']);
const isText = (v: unknown) => typeof v === 'string' || typeof v === 'number';
/** An item of text only: no html, attributes, conditional reveal, divider or anything else a macro would have to handle. */
const isPlain = (keys: Set<string>) => (item: Item) =>
  !item ||
  (Object.keys(item).every((k) => keys.has(k)) &&
    !!item.text &&
    isText(item.text) &&
    (item.value === undefined || isText(item.value)) &&
    (item.hint === undefined ||
      (typeof item.hint === 'object' &&
        item.hint !== null &&
        Object.keys(item.hint).every((k) => k === 'text') &&
        (item.hint.text === undefined || isText(item.hint.text)))));

const esc = (v: unknown) => (v === undefined || v === null ? '' : escapeHtml(String(v)));

/**
 * govukCheckboxes renders every item through three more macros (label, hint, attributes): about 40 µs
 * an item, 16 ms for the 400 projects of a merge form. For items of plain text (value, text, hint
 * text, checked) in a fieldset, this writes the items' markup as govuk-frontend's checkboxes template
 * does and hands it to the macro as `formGroup.beforeInputs`, which the template places exactly where
 * its items go. Anything else (conditional reveals, dividers, attributes, `values`, no fieldset) is
 * returned untouched for the macro to render. nunjucks-tuning.test.ts holds both outputs equal.
 */
export function prerenderCheckboxItems(params: CheckboxesParams): CheckboxesParams {
  const items = params.items ?? [];
  if (!params.fieldset || params.values || params.formGroup?.beforeInputs || !params.name || !items.every(isPlain(CHECKBOX_KEYS))) return params;
  const idPrefix = params.idPrefix || params.name;
  const name = esc(params.name);
  let html = '';
  items.forEach((item, i) => {
    if (!item) return;
    const id = esc(idPrefix + (i > 0 ? `-${i + 1}` : ''));
    const hint = !!item.hint?.text;
    html +=
      `<div class="govuk-checkboxes__item">\n` +
      `<input class="govuk-checkboxes__input" id="${id}" name="${name}" type="checkbox" value="${esc(item.value)}"${item.checked ? ' checked' : ''}${hint ? ` aria-describedby="${id}-item-hint"` : ''}>\n` +
      `<label class="govuk-label govuk-checkboxes__label" for="${id}">\n${esc(item.text)}\n</label>\n` +
      (hint ? `<div id="${id}-item-hint" class="govuk-hint govuk-checkboxes__hint">\n${esc(item.hint?.text)}\n</div>\n` : '') +
      `</div>\n`;
  });
  return { ...params, items: [], formGroup: { ...params.formGroup, beforeInputs: { html: markSafe(html) } } };
}

type SelectParams = { value?: unknown; items?: Item[]; formGroup?: { afterInput?: unknown; [k: string]: unknown }; [k: string]: unknown };

/** Whether optionsOf can write this select's options (else the govuk macro does it all). */
const plainSelect = (params: SelectParams) => !params.value && !params.formGroup?.afterInput && (params.items ?? []).every(isPlain(OPTION_KEYS));

/**
 * govukSelect spends some 10 µs an option (a macro call and several variables each): 4 ms for the
 * umbrella project list of a 400-project office. appSelect (choices.njk) has the macro render the
 * select without its options (selectWithoutOptions) and puts them in before `</select>`
 * (withSelectOptions), written here as the template writes them. Options with anything but value,
 * text and selected, a `value` for the select, or an `afterInput`, leave it all to the macro.
 */
export function selectWithoutOptions(params: SelectParams): SelectParams {
  return plainSelect(params) ? { ...params, items: [] } : params;
}

export function withSelectOptions(html: unknown, params: SelectParams): unknown {
  if (!plainSelect(params)) return html;
  let options = '';
  for (const item of params.items ?? []) {
    if (!item) continue;
    options += `<option${item.value !== undefined ? ` value="${esc(item.value)}"` : ''}${item.selected ? ' selected' : ''}>${esc(item.text)}</option>\n`;
  }
  const s = String(html);
  const at = s.lastIndexOf('</select>');
  return copySafeness(html, `${s.slice(0, at)}${options}${s.slice(at)}`);
}

type Loader = { isRelative?: (name: string) => boolean; resolve?: (from: string, to: string) => string };
type EnvInternals = { resolveTemplate(loader: Loader, parentName: string | null, filename: string): string };

type Exported = Record<string, unknown>;
type TemplateInternals = {
  env: nunjucks.Environment;
  getExported(ctx?: unknown, parentFrame?: unknown, cb?: (err: unknown, exported: Exported | null) => void): void;
};
const tunedEnvs = new WeakSet<nunjucks.Environment>();
const exportedOf = new WeakMap<object, Exported>();
let exportsPatched = false;

/**
 * `{% from "govuk/components/x/macro.njk" import govukX %}` (without context, as every import here is
 * written) ran the macro file's top level again on every render, on every page: 14% of `/projects`.
 * Without a context, what a file exports depends on nothing but the file (its macros get a fresh,
 * empty context of their own), so the exports are kept per compiled template and reused. An import
 * `with context` still runs the file each time. Only templates of tuned environments are affected.
 */
function cacheMacroImports() {
  if (exportsPatched) return;
  exportsPatched = true;
  const proto = (nunjucks.Template as unknown as { prototype: TemplateInternals }).prototype;
  const original = proto.getExported;
  proto.getExported = function (this: TemplateInternals, ctx?: unknown, parentFrame?: unknown, cb?: (err: unknown, exported: Exported | null) => void) {
    if (typeof ctx !== 'function' || !tunedEnvs.has(this.env)) return original.call(this, ctx, parentFrame, cb);
    const done = ctx as (err: unknown, exported: Exported | null) => void;
    const hit = exportedOf.get(this);
    if (hit) return done(null, hit);
    return original.call(this, (err: unknown, exported: Exported | null) => {
      if (!err && exported) exportedOf.set(this, exported);
      done(err, exported);
    });
  };
}

export function tuneNunjucks(env: nunjucks.Environment) {
  tunedEnvs.add(env);
  cacheMacroImports();
  env.addFilter('trim', trim);
  env.addFilter('prerenderCheckboxItems', prerenderCheckboxItems);
  env.addFilter('selectWithoutOptions', selectWithoutOptions);
  env.addFilter('withSelectOptions', withSelectOptions);
  // Every {% from "../label/macro.njk" import ... %} and {% include %} inside a govuk macro resolves
  // its relative name against the including template with path.resolve, on every call of the macro.
  // The answer never changes for a (loader, parent, name): remember it.
  const internals = env as unknown as EnvInternals;
  const resolve = internals.resolveTemplate.bind(env);
  const memo = new WeakMap<Loader, Map<string, string>>();
  internals.resolveTemplate = (loader, parentName, filename) => {
    let m = memo.get(loader);
    if (!m) {
      m = new Map();
      memo.set(loader, m);
    }
    // Relative names resolve against their parent; others are themselves (Nunjucks' own rule).
    const key = parentName && (filename.startsWith('./') || filename.startsWith('../')) ? `${parentName}\0${filename}` : filename;
    let r = m.get(key);
    if (r === undefined) {
      r = resolve(loader, parentName, filename);
      m.set(key, r);
    }
    return r;
  };
}
