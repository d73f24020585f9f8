// Limits on composition objects and interactive elements, as documented by Slack's Block Kit reference.
// Each check appends "path: what is wrong" so one call reports every problem at once.

export type Problems = string[];

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function checkLength(p: Problems, path: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) {
    p.push(`${path}: ${value.length} chars, max ${max}`);
  }
}

/** A text object: `{type: 'plain_text' | 'mrkdwn', text}` with 1..max characters. */
export function checkText(p: Problems, path: string, t: unknown, max: number, plainOnly = false): void {
  if (!isRecord(t)) {
    p.push(`${path}: expected a text object, got ${JSON.stringify(t)}`);
    return;
  }
  const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof t.type !== 'string' || !allowed.includes(t.type)) {
    p.push(`${path}.type: expected ${allowed.join(' or ')}, got ${JSON.stringify(t.type)}`);
  }
  if (typeof t.text !== 'string' || t.text.length === 0) {
    p.push(`${path}.text: must be a non-empty string`);
    return;
  }
  checkLength(p, `${path}.text`, t.text, max);
}

export function checkConfirm(p: Problems, path: string, c: unknown): void {
  if (c === undefined) return;
  if (!isRecord(c)) {
    p.push(`${path}: expected a confirm object`);
    return;
  }
  checkText(p, `${path}.title`, c.title, 100, true);
  checkText(p, `${path}.text`, c.text, 300);
  checkText(p, `${path}.confirm`, c.confirm, 30, true);
  checkText(p, `${path}.deny`, c.deny, 30, true);
}

function checkOptions(p: Problems, path: string, options: unknown, min: number, max: number): void {
  if (!Array.isArray(options) || options.length < min || options.length > max) {
    const n = Array.isArray(options) ? options.length : 0;
    p.push(`${path}: ${n} options, expected ${min}-${max}`);
    return;
  }
  options.forEach((o, i) => {
    if (!isRecord(o)) return void p.push(`${path}[${i}]: expected an option object`);
    checkText(p, `${path}[${i}].text`, o.text, 75);
    if (typeof o.value !== 'string') p.push(`${path}[${i}].value: required`);
    checkLength(p, `${path}[${i}].value`, o.value, 150);
  });
}

/** An interactive element (in an actions block, a section accessory or an input block). */
export function checkElement(p: Problems, path: string, e: unknown): void {
  if (!isRecord(e)) {
    p.push(`${path}: expected an element object`);
    return;
  }
  checkLength(p, `${path}.action_id`, e.action_id, 255);
  checkConfirm(p, `${path}.confirm`, e.confirm);
  switch (e.type) {
    case 'button':
      checkText(p, `${path}.text`, e.text, 75, true);
      checkLength(p, `${path}.value`, e.value, 2000);
      checkLength(p, `${path}.url`, e.url, 3000);
      if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') {
        p.push(`${path}.style: expected primary or danger, got ${JSON.stringify(e.style)}`);
      }
      return;
    case 'static_select':
    case 'multi_static_select':
      if (e.placeholder !== undefined) checkText(p, `${path}.placeholder`, e.placeholder, 150, true);
      if (e.option_groups === undefined) checkOptions(p, `${path}.options`, e.options, 1, 100);
      return;
    case 'overflow':
      checkOptions(p, `${path}.options`, e.options, 1, 5);
      return;
    case 'radio_buttons':
    case 'checkboxes':
      checkOptions(p, `${path}.options`, e.options, 1, 10);
      return;
    case 'image':
      checkLength(p, `${path}.image_url`, e.image_url, 3000);
      checkLength(p, `${path}.alt_text`, e.alt_text, 2000);
      return;
    default:
      // Other element types (pickers, inputs) have no limit the stand-in checks beyond action_id.
      if (typeof e.type !== 'string') p.push(`${path}.type: required`);
  }
}
