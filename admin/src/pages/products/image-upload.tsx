import { useTranslate } from '@refinedev/core';
import { Button, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api } from '../../api/http.ts';

/** Images go to POST /uploads/images first; the product keeps the returned storage keys. */
export function ImageUpload({ files, onFiles }: { files: UploadFile[]; onFiles(files: UploadFile[]): void }) {
  const t = useTranslate();
  return (
    <Upload
      listType="picture"
      accept="image/jpeg,image/png,image/webp,image/gif"
      fileList={files}
      onChange={({ fileList }) => onFiles(fileList)}
      customRequest={({ file, onSuccess, onError }) => {
        const body = new FormData();
        body.append('file', file as Blob);
        api.post<{ key: string; url: string }>('/uploads/images', body).then(
          (uploaded) => onSuccess?.(uploaded),
          (error: Error) => onError?.(error),
        );
      }}
    >
      <Button icon={<UploadOutlined />}>{t('products.upload')}</Button>
    </Upload>
  );
}

export function uploadedKeys(files: UploadFile[]): string[] {
  return files.flatMap((f) => ((f.response as { key?: string } | undefined)?.key ? [(f.response as { key: string }).key] : []));
}
