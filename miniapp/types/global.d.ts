/// <reference types="@tarojs/taro" />
/** Build-time constants (config/index.ts defineConstants). */
declare const LINGSHOU_MALL_API: string;
declare const LINGSHOU_MALL_MERCHANT: string;

declare module '*.css';
