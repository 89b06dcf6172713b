import Taro from '@tarojs/taro';
import type { Store } from './types';

/** What the mall remembers on the device: the merchant, the picked store, the sign-in, the cart. */
const KEYS = { merchant: 'ls.merchant', store: 'ls.store', token: 'ls.token', cart: 'ls.cart' } as const;

export interface StoreChoice {
  id: string;
  name: string;
  /** How the store delivers (配送方式), as it was when picked; checkout re-checks on the server. */
  delivery: Store['delivery'];
  returnDays: number;
}

function read<T>(key: string): T | null {
  const value = Taro.getStorageSync(key) as T | '' | undefined;
  return value === '' || value === undefined ? null : value;
}

/** H5 links name the merchant (`/mall/?merchant=<id>`); a mini program build has it built in. */
export function merchantId(): string | null {
  if (process.env.TARO_ENV === 'h5') {
    const fromUrl = new URLSearchParams(window.location.search).get('merchant')
      ?? new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('merchant');
    if (fromUrl) {
      Taro.setStorageSync(KEYS.merchant, fromUrl);
      return fromUrl;
    }
  }
  return LINGSHOU_MALL_MERCHANT || read<string>(KEYS.merchant);
}

export const session = {
  store: () => read<StoreChoice>(KEYS.store),
  setStore: (store: StoreChoice) => Taro.setStorageSync(KEYS.store, store),
  token: () => read<string>(KEYS.token),
  setToken: (token: string | null) => (token ? Taro.setStorageSync(KEYS.token, token) : Taro.removeStorageSync(KEYS.token)),
};

export interface CartLine {
  skuId: string;
  productId: string;
  name: string;
  specText: string;
  priceFen: number;
  quantity: number;
  imageUrl: string | null;
}

/** The cart lives on the device, per store; prices are always re-quoted by the server. */
export const cart = {
  lines: (): CartLine[] => read<CartLine[]>(`${KEYS.cart}.${session.store()?.id ?? ''}`) ?? [],
  save: (lines: CartLine[]) => Taro.setStorageSync(`${KEYS.cart}.${session.store()?.id ?? ''}`, lines),
  add(line: CartLine) {
    const lines = cart.lines();
    const same = lines.find((l) => l.skuId === line.skuId);
    if (same) same.quantity += line.quantity;
    else lines.push(line);
    cart.save(lines);
  },
};
