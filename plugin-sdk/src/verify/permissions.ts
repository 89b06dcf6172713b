import { readFileSync } from 'node:fs';
import type { Capability, PluginDefinition } from '@lingshou/core';

interface CapabilityUse {
  what: string;
  used(code: string, definition: PluginDefinition): boolean;
}

const facade = (what: string, pattern: RegExp): CapabilityUse => ({ what, used: (code) => pattern.test(code) });

/**
 * How code shows it uses each capability: the kernel facade's calls (core's kernel-facade.ts) and
 * payment methods in the declaration. A grep, so best effort: a facade reached through a
 * destructured variable is not seen, which is why an unused declaration is only a note.
 * Typed by Capability, so a capability the kernel adds does not compile until it has a rule here.
 */
export const capabilityUses: Record<Capability, CapabilityUse> = {
  'orders:read': facade('kernel.orders.get/receipt/list', /\bkernel\s*\.\s*orders\s*\.\s*(?:get|receipt|list)\b/),
  'orders:write': facade('kernel.orders.setExtension', /\bkernel\s*\.\s*orders\s*\.\s*setExtension\b/),
  'stores:read': facade('kernel.stores', /\bkernel\s*\.\s*stores\b/),
  'customers:read': facade('kernel.customers', /\bkernel\s*\.\s*customers\b/),
  'catalog:read': facade('kernel.catalog', /\bkernel\s*\.\s*catalog\b/),
  'stock:write': facade('kernel.stock', /\bkernel\s*\.\s*stock\b/),
  'payments:register': { what: 'paymentMethods', used: (_code, definition) => (definition.paymentMethods?.length ?? 0) > 0 },
  'wechatpay:use': facade('kernel.wechatpay', /\bkernel\s*\.\s*wechatpay\b/),
};

const TEST = /\.test\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Compares the capabilities a plugin declares with those its code uses: a used capability it did
 * not declare is a problem (the kernel facade refuses the call at run time); one declared and never
 * seen in use is a note (it asks merchants for more than it needs, or the grep missed it).
 */
export function permissionFindings(definition: PluginDefinition, files: string[]): { problems: string[]; notes: string[] } {
  const code = files.filter((file) => !TEST.test(file)).map((file) => readFileSync(file, 'utf8')).join('\n');
  const declared = new Set<string>(definition.permissions ?? []);
  const problems: string[] = [];
  const notes: string[] = [];
  for (const [capability, use] of Object.entries(capabilityUses) as [Capability, CapabilityUse][]) {
    const used = use.used(code, definition);
    if (used && !declared.has(capability)) problems.push(`uses ${use.what} but does not declare ${capability} in permissions`);
    if (!used && declared.has(capability)) notes.push(`declares ${capability} but no use of ${use.what} was found`);
  }
  return { problems, notes };
}
