import type { Coupon } from './api.ts';

export const SCENES: Record<Coupon['scene'], string> = { both: '线上线下', online: '仅线上商城', offline: '仅门店' };

export const STATES: Record<Coupon['state'], { text: string; color: string }> = {
  creating: { text: '创建中', color: 'processing' },
  running: { text: '发放中', color: 'success' },
  paused: { text: '已暂停', color: 'warning' },
  stopped: { text: '已停止', color: 'default' },
};

export const CODE_MODES: Record<Coupon['codeMode'], string> = { wechat: '微信生成', merchant: '商户指定', upload: '商户上传' };

export const CLAIM_STATES: Record<string, string> = {
  pending: '待微信确认', available: '可使用', locked: '下单占用', used: '已核销', deactivated: '已作废',
};
