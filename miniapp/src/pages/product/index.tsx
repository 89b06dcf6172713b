import { useState } from 'react';
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { api } from '../../lib/api';
import { blocksFor } from '../../lib/extensions';
import { yuan } from '../../lib/format';
import { requireStore } from '../../lib/guard';
import { cart } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import type { Block, Product } from '../../lib/types';
import { Blocks } from '../../components/Blocks';
import { Status } from '../../components/Status';

/** Product detail: images, the spec picker (price and stock per SKU), claimable coupons, add to cart / buy now. */
export default function ProductPage() {
  const store = requireStore();
  const { params } = useRouter();
  const loaded = useLoad(async () => {
    const [product, blocks] = await Promise.all([api.get<Product>(`/mall/products/${params.id}?storeId=${store?.id ?? ''}`), blocksFor('product')]);
    return { product, blocks: blocks as Block[] };
  });
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [quantity, setQuantity] = useState(1);
  const product = loaded.data?.product;
  const sku = product?.skus.find((s) => product.specs.every((spec) => s.specValues[spec.name] === chosen[spec.name]));
  // A value is offered when some SKU with it (and the other picks) is in stock.
  const available = (name: string, value: string) => product?.skus.some((s) => s.stock > 0 && s.specValues[name] === value
    && Object.entries(chosen).every(([k, v]) => k === name || s.specValues[k] === v)) ?? false;

  const add = (thenCheckout: boolean) => {
    if (!product || !sku) return void Taro.showToast({ title: '请选择规格', icon: 'none' });
    if (sku.stock < quantity) return void Taro.showToast({ title: '库存不足', icon: 'none' });
    cart.add({ skuId: sku.id, productId: product.id, name: product.name, specText: sku.specText, priceFen: sku.priceFen, quantity, imageUrl: product.imageUrls[0] ?? null });
    if (thenCheckout) void Taro.navigateTo({ url: '/pages/cart/index' });
    else void Taro.showToast({ title: '已加入购物车', icon: 'success' });
  };

  return (
    <View className='page product-page'>
      <Status loading={loaded.loading} error={loaded.error} />
      {product && (
        <>
          {product.imageUrls.length > 0 ? (
            <Swiper className='banner' style={{ height: '375px' }} indicatorDots>
              {product.imageUrls.map((url) => <SwiperItem key={url}><Image src={url} mode='aspectFill' style={{ width: '100%', height: '375px' }} /></SwiperItem>)}
            </Swiper>
          ) : <View className='banner' />}
          <View className='section'>
            <View className='price product-price'>{yuan(sku?.priceFen ?? Math.min(...product.skus.map((s) => s.priceFen)))}</View>
            <View className='section-title product-name'>{product.name}</View>
            {product.subtitle && <View className='muted'>{product.subtitle}</View>}
          </View>
          <Blocks blocks={loaded.data!.blocks} context={{ productId: product.id }} />
          <View className='section spec-picker'>
            {product.specs.map((spec) => (
              <View key={spec.name}>
                <View className='muted'>{spec.name}</View>
                {spec.values.map((value) => {
                  const on = chosen[spec.name] === value;
                  const can = available(spec.name, value);
                  return <Text key={value} className={`chip spec-value ${on ? 'chip-on' : ''} ${can ? '' : 'chip-off'}`}
                    onClick={() => can && setChosen({ ...chosen, [spec.name]: value })}>{value}</Text>;
                })}
              </View>
            ))}
            <View className='row' style={{ marginTop: '12px' }}>
              <Text className='muted'>{sku ? `库存 ${sku.stock}` : product.specs.length > 0 ? '请选择规格' : ''}</Text>
              <View className='qty'>
                <Text className='qty-btn' onClick={() => setQuantity(Math.max(1, quantity - 1))}>-</Text>
                <Text className='qty-value'>{quantity}</Text>
                <Text className='qty-btn qty-plus' onClick={() => setQuantity(quantity + 1)}>+</Text>
              </View>
            </View>
          </View>
          {product.description && <View className='section'>{product.description}</View>}
          <View className='bottom-bar'>
            <Text className='btn-plain' onClick={() => void Taro.navigateTo({ url: '/pages/cart/index' })}>购物车</Text>
            <Text className='btn-plain add-to-cart' onClick={() => add(false)}>加入购物车</Text>
            <Text className='btn buy-now' onClick={() => add(true)}>立即购买</Text>
          </View>
        </>
      )}
    </View>
  );
}
