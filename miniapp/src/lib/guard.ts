import Taro from '@tarojs/taro';
import { session, type StoreChoice } from './session';

/** Pages past the entry need a store and a sign-in; without them the customer goes back to pick. */
export function requireStore(): StoreChoice | null {
  const store = session.store();
  if (!store || !session.token()) {
    void Taro.reLaunch({ url: '/pages/entry/index' });
    return null;
  }
  return store;
}
