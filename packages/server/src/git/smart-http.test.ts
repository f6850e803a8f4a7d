import { describe, expect, it } from 'vitest';
import { parseCgiHeaders } from './smart-http.js';

describe('parseCgiHeaders', () => {
  it('takes the status from the CGI Status header and keeps the others', () => {
    expect(
      parseCgiHeaders(
        'Status: 404 Not Found\r\nContent-Type: text/plain\r\nExpires: Fri, 01 Jan 1980 00:00:00 GMT',
      ),
    ).toEqual({
      status: 404,
      headers: { 'content-type': 'text/plain', expires: 'Fri, 01 Jan 1980 00:00:00 GMT' },
    });
    expect(parseCgiHeaders('Content-Type: application/x-git-upload-pack-advertisement').status).toBe(200);
  });
});
