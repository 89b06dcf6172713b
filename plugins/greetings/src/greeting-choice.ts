import type { PluginContext } from '@lingshou/plugin-sdk';
import { errors } from './errors.ts';

/** What is stored on an order (`order.extensions.greetings`) and printed on its receipt. */
export interface Greeting {
  text: string;
  /** The template it came from, or null for a text the customer or cashier wrote. */
  templateId: string | null;
  category: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TEXT = 60;

/**
 * Turns a choice (`{ templateId }` or `{ text }`) into the greeting to store, or undefined when
 * nothing was chosen. `at` is where the choice sits in the request (`pluginInputs.greetings` at
 * checkout, '' in a body), so an error names the field the caller sent. Checkout inputs reach a
 * plugin as free-form JSON, with no route schema in front of them: hence the checks by hand.
 */
export async function resolveChoice(ctx: PluginContext, choice: unknown, at: string): Promise<Greeting | undefined> {
  const field = (name: string) => (at ? `${at}.${name}` : name);
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice !== 'object' || Array.isArray(choice)) {
    throw errors.LS_GREETINGS_CHOICE_INVALID('A greeting is { templateId } or { text }', { field: at || 'templateId' });
  }
  const { templateId, text, ...rest } = choice as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw errors.LS_GREETINGS_CHOICE_INVALID(`${field(unknown)} is not a known field`, { field: field(unknown) });
  if ((templateId === undefined) === (text === undefined)) {
    throw errors.LS_GREETINGS_CHOICE_INVALID('Give either templateId or text', { field: field('templateId') });
  }
  if (text !== undefined) {
    const trimmed = typeof text === 'string' ? text.trim() : '';
    if (trimmed.length === 0 || [...trimmed].length > MAX_TEXT) {
      throw errors.LS_GREETINGS_CHOICE_INVALID(`A greeting has 1 to ${MAX_TEXT} characters`, { field: field('text') });
    }
    return { text: trimmed, templateId: null, category: '' };
  }
  // A malformed id would make PostgreSQL fail the cast; it is simply not a template.
  const row = typeof templateId === 'string' && UUID.test(templateId)
    ? await ctx.db('templates').where({ id: templateId, enabled: true }).first('id', 'text', 'category')
    : undefined;
  if (!row) throw errors.LS_GREETINGS_TEMPLATE_UNAVAILABLE(undefined, { field: field('templateId') });
  return { text: row.text, templateId: row.id, category: row.category };
}
