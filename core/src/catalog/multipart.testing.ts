/** Test helper: a multipart/form-data request body with one `file` part, for app.inject. */
export function multipartFile(filename: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----lingshou${Date.now()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}
