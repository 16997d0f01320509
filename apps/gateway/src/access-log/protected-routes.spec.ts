import { accessTargetOf } from './protected-routes';

describe('accessTargetOf', () => {
  it('given a subject consents read, then it is a consent list naming the subject from the path', () => {
    expect(accessTargetOf('GET', '/v1/subjects/0E7D6A3C-9F12-4B8E-8C55-3A9D2E6F1B04/consents?x=1')).toEqual({
      method: 'GET',
      route: '/v1/subjects/:id/consents',
      path: '/v1/subjects/0E7D6A3C-9F12-4B8E-8C55-3A9D2E6F1B04/consents',
      action: 'list',
      resource: 'consent',
      subjectFromPath: '0E7D6A3C-9F12-4B8E-8C55-3A9D2E6F1B04',
    });
  });

  it('given a consent grant, then its subject is read from the body field subjectId', () => {
    expect(accessTargetOf('POST', '/v1/consents')).toMatchObject({
      action: 'create',
      resource: 'consent',
      subjectBodyField: 'subjectId',
    });
  });

  it('given a revocation, then the consent id is the resource id', () => {
    expect(accessTargetOf('POST', '/v1/consents/abc/revoke/')).toMatchObject({
      route: '/v1/consents/:id/revoke',
      action: 'revoke',
      resourceId: 'abc',
    });
  });

  it('given a path that differs only in case, then it is protected as Express would route it', () => {
    expect(accessTargetOf('GET', '/V1/Subjects/x/Consents')).toMatchObject({ action: 'list' });
  });

  it('given an unknown route under a protected prefix, then it is still recorded with the method’s action', () => {
    expect(accessTargetOf('DELETE', '/v1/consents/abc/nothing-here')).toEqual({
      method: 'DELETE',
      route: '/v1/consents/*',
      path: '/v1/consents/abc/nothing-here',
      action: 'update',
      resource: 'consent',
    });
  });

  it('given the inbox stream, then its opening is recorded as stream-open', () => {
    expect(accessTargetOf('GET', '/v1/inbox/stream')).toMatchObject({
      action: 'stream-open',
      resource: 'inbox',
    });
  });

  it('given routes outside every area (health, ingest, identity, a look-alike prefix), then nothing is recorded', () => {
    for (const url of ['/health', '/v1/events', '/v1/me', '/v1/consentsx', '/openapi.json'])
      expect(accessTargetOf('GET', url)).toBeUndefined();
  });
});
