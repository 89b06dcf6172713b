import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api, showError } from '../lib/api';
import { zh } from '../lib/format';
import { session } from '../lib/session';
import type { Block } from '../lib/types';
import { claimOutcome, type SendCouponDetail, type SendCouponParams } from '../lib/send-coupon';
import { SendCoupon } from './SendCoupon';

/**
 * The shared block vocabulary (docs/plugins.md §9) a plugin composes its mall parts from. A mini
 * program cannot load remote code, so these are the only kinds drawn; an unknown kind is skipped.
 */
export interface BlockContext {
  productId?: string;
  /** Checkout and cart: the lines, for coupon-picker. */
  lines?: { skuId: string; quantity: number }[];
  /** Checkout: where a pick goes (`pluginInputs.<plugin>`). */
  onInput?: (pluginId: string, value: Record<string, unknown> | undefined) => void;
}

type Spec = Block['block'];

function pluginPath(pluginId: string, route: string): string {
  return `/plugins/${pluginId}${route.startsWith('/') ? route : `/${route}`}`;
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const extra = Object.entries(params).filter(([, v]) => v).map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&');
  return extra ? `${path}${path.includes('?') ? '&' : '?'}${extra}` : path;
}

export function Blocks({ blocks, context = {} }: { blocks: Block[]; context?: BlockContext }) {
  return <>{blocks.map((b) => <BlockView key={`${b.pluginId}:${b.key}`} pluginId={b.pluginId} title={zh(b.label)} spec={b.block} context={context} />)}</>;
}

export function BlockView({ pluginId, title, spec, context }: { pluginId: string; title: string; spec: Spec; context: BlockContext }) {
  switch (spec.type) {
    case 'text': return <View className='section plugin-block'><Text>{zh(spec.text as { zh?: string })}</Text></View>;
    case 'choice': return <ChoiceBlock pluginId={pluginId} title={title} spec={spec} context={context} />;
    case 'coupon-list': return <CouponList pluginId={pluginId} title={title} spec={spec} context={context} />;
    case 'coupon-wallet': return <CouponWallet pluginId={pluginId} title={title} spec={spec} />;
    case 'coupon-picker': return <CouponPicker pluginId={pluginId} title={title} spec={spec} context={context} />;
    default: return null;
  }
}

interface ChoiceSpec {
  options?: { route: string; value: string; label: string; group?: string; as: string };
  custom?: { as: string; maxLength?: number; placeholder?: { zh?: string } };
}

/** Pick one of the plugin's options, or type your own (a greeting). */
function ChoiceBlock({ pluginId, title, spec, context }: { pluginId: string; title: string; spec: Spec; context: BlockContext }) {
  const { options, custom } = spec as ChoiceSpec;
  const [items, setItems] = useState<Record<string, unknown>[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!options) return;
    // Options the plugin does not offer to customers simply leave the typed choice.
    api.get<Record<string, unknown>[]>(pluginPath(pluginId, options.route)).then(setItems, () => setItems([]));
  }, [pluginId, options?.route]);
  const pick = (value: string) => {
    const next = picked === value ? null : value;
    setPicked(next);
    setText('');
    context.onInput?.(pluginId, next && options ? { [options.as]: next } : undefined);
  };
  const type = (value: string) => {
    setText(value);
    setPicked(null);
    context.onInput?.(pluginId, value && custom ? { [custom.as]: value } : undefined);
  };
  return (
    <View className='section plugin-block'>
      <View className='section-title'>{title}</View>
      <View>
        {options && items.map((item) => {
          const value = String(item[options.value]);
          return <Text key={value} className={`chip ${picked === value ? 'chip-on' : ''}`} onClick={() => pick(value)}>{String(item[options.label])}</Text>;
        })}
      </View>
      {custom && <Input className='input' value={text} maxlength={custom.maxLength ?? 60} placeholder={zh(custom.placeholder, '自定义')} onInput={(e) => type(e.detail.value)} />}
    </View>
  );
}

interface CouponItem {
  id: string;
  code?: string;
  title: string;
  valueText: string;
  ruleText?: string;
  validText?: string;
  state?: string;
  applicable?: boolean;
  reason?: string;
}

interface ClaimAnswer {
  kind: string;
  params?: SendCouponParams;
  sandbox?: { url: string; openid: string; appid: string };
}

/** A POST to a path of this server outside /api/v1 (the sandbox), as JSON; the mini program names the server. */
async function postAbsolute<T>(path: string, body: unknown): Promise<T> {
  const url = process.env.TARO_ENV === 'h5' ? path : `${LINGSHOU_MALL_API}${path}`;
  const res = await Taro.request<T>({ url, method: 'POST', data: body as Record<string, unknown>, header: { 'content-type': 'application/json' } });
  if (res.statusCode >= 300) throw new Error(`领取失败（${res.statusCode}）`);
  return res.data;
}

const CLAIM_STATE: Record<string, string> = { claimable: '领取', claimed: '已领取', 'sold-out': '已抢光', 'limit-reached': '已达上限' };

/**
 * Claimable coupons (home, product page, coupon centre). Tapping 领取 asks the server for the
 * signed parameters of WeChat's send-coupon plugin; the mini program then shows the plugin's
 * own 立即领取 for the customer to tap (WeChat sends nothing without that tap). With the WeChat
 * Pay sandbox (the demo, and every H5 claim) the sandbox plays the plugin instead.
 */
function CouponList({ pluginId, title, spec, context }: { pluginId: string; title: string; spec: Spec; context: BlockContext }) {
  const [items, setItems] = useState<CouponItem[] | null>(null);
  // The coupon whose send-coupon component is shown, with its signed parameters.
  const [ready, setReady] = useState<{ id: string; params: SendCouponParams } | null>(null);
  const route = String(spec.route ?? '');
  const load = () => api.get<CouponItem[]>(withQuery(pluginPath(pluginId, route), { storeId: session.store()?.id, productId: context.productId }))
    .then(setItems, () => setItems([]));
  useEffect(() => { void load(); }, [pluginId, route, context.productId]);
  const finish = async (detail: SendCouponDetail) => {
    const outcome = claimOutcome(detail);
    if (outcome.ok) void Taro.showToast({ title: '领取成功', icon: 'success' });
    else showError(new Error(outcome.message));
    setReady(null);
    await load();
  };
  const claim = async (item: CouponItem) => {
    try {
      const answer = await api.post<ClaimAnswer>(pluginPath(pluginId, String(spec.claimRoute ?? '').replace('{id}', item.id)), {});
      if (answer.kind === 'claimed') {
        void Taro.showToast({ title: '领取成功', icon: 'success' });
        await load();
      } else if (answer.kind === 'send-coupon-plugin' && answer.sandbox) {
        // The merchant's WeChat Pay is the sandbox, which WeChat's plugin cannot reach: the sandbox
        // plays the plugin with the same signed parameters and answers as it does.
        await finish(await postAbsolute<SendCouponDetail>(answer.sandbox.url, { ...answer.params, openid: answer.sandbox.openid, appid: answer.sandbox.appid }));
      } else if (answer.kind === 'send-coupon-plugin' && answer.params && process.env.TARO_ENV === 'weapp') {
        setReady({ id: item.id, params: answer.params });
      } else {
        // A production merchant's coupon outside WeChat: only WeChat's plugin can hand it over.
        showError(new Error('该券需在微信小程序中领取'));
      }
    } catch (error) {
      showError(error);
    }
  };
  if (!items || items.length === 0) return null;
  return (
    <View className='section plugin-block coupon-list'>
      <View className='section-title'>{title}</View>
      {items.map((item) => (
        <View key={item.id} className='coupon'>
          <Text className='coupon-value'>{item.valueText}</Text>
          <View className='line-body'>
            <View>{item.title}</View>
            <View className='muted'>{item.ruleText} {item.validText}</View>
          </View>
          {process.env.TARO_ENV === 'weapp' && ready?.id === item.id
            ? <SendCoupon params={ready.params} onResult={(detail) => void finish(detail)} />
            : (
              <Text className={`btn-plain ${item.state === 'claimable' ? '' : 'btn-disabled'}`} onClick={() => item.state === 'claimable' && void claim(item)}>
                {CLAIM_STATE[item.state ?? ''] ?? '领取'}
              </Text>
            )}
        </View>
      ))}
    </View>
  );
}

// 已失效: expired, or voided by the merchant (the item's validText says which).
const WALLET_TABS = [['available', '可使用'], ['used', '已使用'], ['expired', '已失效']] as const;

/** The customer's coupons, by state, with the code to show at the till. */
function CouponWallet({ pluginId, title, spec }: { pluginId: string; title: string; spec: Spec }) {
  const [items, setItems] = useState<CouponItem[]>([]);
  const [tab, setTab] = useState<string>('available');
  useEffect(() => { api.get<CouponItem[]>(pluginPath(pluginId, String(spec.route ?? ''))).then(setItems, () => setItems([])); }, [pluginId]);
  const shown = items.filter((i) => i.state === tab);
  return (
    <View className='section plugin-block coupon-wallet'>
      <View className='section-title'>{title}</View>
      <View className='tabs'>
        {WALLET_TABS.map(([key, label]) => <Text key={key} className={`tab ${tab === key ? 'tab-on' : ''}`} onClick={() => setTab(key)}>{label}</Text>)}
      </View>
      {shown.length === 0 ? <View className='empty'>暂无优惠券</View> : shown.map((item) => (
        <View key={item.id} className='coupon'>
          <Text className='coupon-value'>{item.valueText}</Text>
          <View className='line-body'>
            <View>{item.title}</View>
            <View className='muted'>{item.validText}</View>
            {item.code && tab === 'available' && <View className='muted'>券码 {item.code}（到店出示）</View>}
          </View>
        </View>
      ))}
    </View>
  );
}

/** Checkout: the customer's coupons for this cart; the ones that do not apply say why. */
function CouponPicker({ pluginId, title, spec, context }: { pluginId: string; title: string; spec: Spec; context: BlockContext }) {
  const [items, setItems] = useState<CouponItem[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const linesKey = JSON.stringify(context.lines ?? []);
  useEffect(() => {
    api.post<CouponItem[]>(pluginPath(pluginId, String(spec.route ?? '')), { storeId: session.store()?.id, lines: context.lines ?? [] })
      .then(setItems, () => setItems([]));
  }, [pluginId, linesKey]);
  const pick = (code: string) => {
    const next = picked === code ? null : code;
    setPicked(next);
    context.onInput?.(pluginId, next ? { code: next } : undefined);
  };
  if (items.length === 0) return null;
  return (
    <View className='section plugin-block coupon-picker'>
      <View className='section-title'>{title}</View>
      {items.map((item) => (
        <View key={item.code} className={`coupon ${item.applicable ? '' : 'btn-disabled'}`} onClick={() => item.applicable && item.code && pick(item.code)}>
          <Text className='coupon-value'>{item.valueText}</Text>
          <View className='line-body'>
            <View>{item.title}</View>
            {!item.applicable && <View className='muted'>{item.reason}</View>}
          </View>
          <Text className={`chip ${picked === item.code ? 'chip-on' : ''}`}>{picked === item.code ? '已选' : item.applicable ? '选用' : '不可用'}</Text>
        </View>
      ))}
    </View>
  );
}
