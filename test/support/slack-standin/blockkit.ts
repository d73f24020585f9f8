// `checkBlockKitLimits` answers what Slack would: every reason a message or view would be refused with
// `invalid_blocks` / `invalid_arguments`. Pure, so unit tests can call it on any builder's output.
import {
  checkElement,
  checkLength,
  checkText,
  isRecord,
  type Problems,
} from './blockkit-elements.js';

const KNOWN_BLOCKS = new Set([
  'section', 'divider', 'header', 'context', 'actions', 'input', 'image', 'rich_text', 'video', 'file', 'markdown',
]);

function checkBlock(p: Problems, path: string, b: Record<string, unknown>): void {
  checkLength(p, `${path}.block_id`, b.block_id, 255);
  switch (b.type) {
    case 'section':
      if (b.text === undefined && b.fields === undefined) p.push(`${path}: a section needs text or fields`);
      if (b.text !== undefined) checkText(p, `${path}.text`, b.text, 3000);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > 10) {
          p.push(`${path}.fields: ${Array.isArray(b.fields) ? b.fields.length : 0} fields, max 10`);
        }
        if (Array.isArray(b.fields)) b.fields.forEach((f, i) => checkText(p, `${path}.fields[${i}]`, f, 2000));
      }
      if (b.accessory !== undefined) checkElement(p, `${path}.accessory`, b.accessory);
      return;
    case 'header':
      checkText(p, `${path}.text`, b.text, 150, true);
      return;
    case 'context': {
      const els = b.elements;
      if (!Array.isArray(els) || els.length < 1 || els.length > 10) {
        p.push(`${path}.elements: ${Array.isArray(els) ? els.length : 0} elements, expected 1-10`);
        return;
      }
      els.forEach((e, i) => {
        if (isRecord(e) && e.type === 'image') checkElement(p, `${path}.elements[${i}]`, e);
        else checkText(p, `${path}.elements[${i}]`, e, 3000);
      });
      return;
    }
    case 'actions': {
      const els = b.elements;
      if (!Array.isArray(els) || els.length < 1 || els.length > 25) {
        p.push(`${path}.elements: ${Array.isArray(els) ? els.length : 0} elements, expected 1-25`);
        return;
      }
      const seen = new Set<string>();
      els.forEach((e, i) => {
        checkElement(p, `${path}.elements[${i}]`, e);
        const id = isRecord(e) ? e.action_id : undefined;
        if (typeof id === 'string' && seen.has(id)) p.push(`${path}.elements[${i}].action_id: duplicate "${id}"`);
        if (typeof id === 'string') seen.add(id);
      });
      return;
    }
    case 'input':
      checkText(p, `${path}.label`, b.label, 2000, true);
      if (b.hint !== undefined) checkText(p, `${path}.hint`, b.hint, 2000, true);
      if (b.element === undefined) p.push(`${path}.element: required`);
      else checkElement(p, `${path}.element`, b.element);
      return;
    case 'image':
      checkLength(p, `${path}.image_url`, b.image_url, 3000);
      checkLength(p, `${path}.alt_text`, b.alt_text, 2000);
      if (b.title !== undefined) checkText(p, `${path}.title`, b.title, 2000, true);
      return;
    default:
      if (typeof b.type !== 'string' || !KNOWN_BLOCKS.has(b.type)) {
        p.push(`${path}.type: unknown block type ${JSON.stringify(b.type)}`);
      }
  }
}

function checkBlocks(p: Problems, path: string, blocks: unknown, max: number): void {
  if (!Array.isArray(blocks)) {
    p.push(`${path}: expected an array of blocks`);
    return;
  }
  if (blocks.length > max) p.push(`${path}: ${blocks.length} blocks, max ${max}`);
  const ids = new Set<string>();
  blocks.forEach((b, i) => {
    if (!isRecord(b)) return void p.push(`${path}[${i}]: expected a block object`);
    checkBlock(p, `${path}[${i}]`, b);
    if (typeof b.block_id === 'string') {
      if (ids.has(b.block_id)) p.push(`${path}[${i}].block_id: duplicate "${b.block_id}"`);
      ids.add(b.block_id);
    }
  });
}

function checkView(p: Problems, v: Record<string, unknown>): void {
  checkBlocks(p, 'view.blocks', v.blocks, 100);
  checkLength(p, 'view.private_metadata', v.private_metadata, 3000);
  checkLength(p, 'view.callback_id', v.callback_id, 255);
  checkLength(p, 'view.external_id', v.external_id, 255);
  if (v.type !== 'modal') return;
  checkText(p, 'view.title', v.title, 24, true);
  if (v.submit !== undefined) checkText(p, 'view.submit', v.submit, 24, true);
  if (v.close !== undefined) checkText(p, 'view.close', v.close, 24, true);
  const hasInput = Array.isArray(v.blocks) && v.blocks.some((b) => isRecord(b) && b.type === 'input');
  if (hasInput && v.submit === undefined) p.push('view.submit: required when the view has an input block');
}

/**
 * Every Block Kit limit the input breaks, each as "path: problem". Accepts a blocks array, a view
 * (`{type: 'modal' | 'home', ...}`) or a message (`{text?, blocks?, attachments?}`).
 */
export function checkBlockKitLimits(blocksOrView: unknown): string[] {
  const p: Problems = [];
  if (Array.isArray(blocksOrView)) {
    checkBlocks(p, 'blocks', blocksOrView, 50);
  } else if (isRecord(blocksOrView) && (blocksOrView.type === 'modal' || blocksOrView.type === 'home')) {
    checkView(p, blocksOrView);
  } else if (isRecord(blocksOrView)) {
    if (blocksOrView.blocks !== undefined) checkBlocks(p, 'blocks', blocksOrView.blocks, 50);
    const atts = blocksOrView.attachments;
    if (Array.isArray(atts)) {
      atts.forEach((a, i) => {
        if (isRecord(a) && a.blocks !== undefined) checkBlocks(p, `attachments[${i}].blocks`, a.blocks, 50);
      });
    }
  } else {
    p.push(`expected blocks, a view or a message, got ${JSON.stringify(blocksOrView)}`);
  }
  return p;
}
