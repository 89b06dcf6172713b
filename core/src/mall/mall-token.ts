import type { FastifyInstance } from 'fastify';
import type { AuthContext } from '../http/context.ts';

/**
 * A mall session lasts a week: the mini program signs in again silently (wx.login) when it
 * lapses, and the H5 page asks for the phone again. Customers get no refresh token.
 */
export const CUSTOMER_TOKEN_SECONDS = 7 * 86_400;

export interface CustomerSession {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  customer: { id: string; name: string; phone: string | null; memberCode: string };
}

/** Signs a customer token the way staff tokens are signed (same secret, same claims shape). */
export function signCustomerToken(
  app: FastifyInstance, tenantId: string, customer: CustomerSession['customer'],
): CustomerSession {
  const claims: AuthContext = {
    accountId: customer.id, kind: 'customer', tenantId, staffId: null, permissions: [], storeIds: null, customerId: customer.id,
  };
  const accessToken = app.jwt.sign(claims, { expiresIn: CUSTOMER_TOKEN_SECONDS });
  return { accessToken, tokenType: 'Bearer', expiresIn: CUSTOMER_TOKEN_SECONDS, customer };
}
