import type { ConfigSchema } from '@lingshou/plugin-sdk';

/**
 * The merchant's cloud printer accounts (plugin centre). The keys are `x-secret`: sealed at rest
 * with the server's master key and never sent back.
 */
export const configSchema: ConfigSchema = {
  type: 'object',
  properties: {
    feieUser: { type: 'string', maxLength: 64, title: '飞鹅云账号（USER）', description: '飞鹅云后台注册的账号' },
    feieUkey: { type: 'string', maxLength: 64, 'x-secret': true, title: '飞鹅云 UKEY', description: '飞鹅云后台生成的 UKEY（不是打印机 KEY）' },
    yilianyunClientId: { type: 'string', maxLength: 64, title: '易联云应用 ID（client_id）' },
    yilianyunClientSecret: { type: 'string', maxLength: 64, 'x-secret': true, title: '易联云应用密钥（client_secret）' },
  },
};

export interface PrintersConfig {
  feieUser?: string;
  feieUkey?: string;
  yilianyunClientId?: string;
  yilianyunClientSecret?: string;
}
