import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { requireStore } from '../../lib/guard';
import { ProductList } from '../../components/ProductList';

/** Search by name or pinyin initials (kkkl finds 可口可乐). */
export default function SearchPage() {
  requireStore();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  return (
    <View className='page search-page'>
      <View className='section'>
        <Input className='input search-input' focus confirmType='search' placeholder='商品名称或拼音首字母' value={text}
          onInput={(e) => setText(e.detail.value)} onConfirm={() => setQ(text.trim())} />
      </View>
      {q && <ProductList query={`&q=${encodeURIComponent(q)}`} />}
    </View>
  );
}
