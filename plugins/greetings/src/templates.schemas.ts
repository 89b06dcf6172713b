import { listQueryProperties, objectSchema, text, timestamp, uuid, type ConfigSchema } from '@lingshou/plugin-sdk';

/** At most 60 characters (a receipt line or two), with something besides spaces. */
export const greetingText = { ...text(60, 1), pattern: '\\S' } as const;

/** A template's fields; the titles label the admin's schema-driven form and columns. */
export const templateFields = {
  text: { ...greetingText, title: '祝福语' },
  category: { ...text(20), title: '分类', examples: ['生日', '节日', '感谢'] },
  enabled: { type: 'boolean', title: '启用' },
  sort: { type: 'integer', minimum: 0, maximum: 9999, title: '排序' },
} as const;

export const templateBody = objectSchema(templateFields, ['text']);
export const templatePatch = objectSchema(templateFields);

/** The admin's create/edit form; defaults live in the table, so a left-out field gets them. */
export const templateForm: ConfigSchema = { type: 'object', required: ['text'], properties: templateFields };

export const templateOutput = {
  type: 'object',
  properties: {
    id: uuid, text: { type: 'string' }, category: { type: 'string' }, enabled: { type: 'boolean' }, sort: { type: 'integer' },
    createdAt: timestamp, updatedAt: timestamp,
  },
} as const;

export const templateQuery = objectSchema({ ...listQueryProperties, enabled: { type: 'boolean' }, category: text(20) });

export const templateParams = objectSchema({ id: uuid }, ['id']);

export interface TemplateInput {
  text: string;
  category?: string;
  enabled?: boolean;
  sort?: number;
}
