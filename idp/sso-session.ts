import type { KoaContext, Provider, Session } from "oidc-provider";

/**
 * Ending an SSO session as Keycloak does, whatever ends it (a logout at the realm, the admin
 * API): every client of the session that names a back-channel logout URL gets a logout token
 * first, then the session's grants are revoked and the session is gone.
 */
export function ssoSessionEnder(provider: Provider) {
  async function revokeGrant(grantId: string): Promise<void> {
    await Promise.all([
      provider.AccessToken.revokeByGrantId(grantId),
      provider.RefreshToken.revokeByGrantId(grantId),
      provider.AuthorizationCode.revokeByGrantId(grantId),
      provider.Grant.adapter.destroy(grantId),
    ]);
  }

  /**
   * Keycloak tells every client of an ending SSO session that names a back-channel logout URL,
   * before the session is gone, with a logout token carrying the subject and the session id
   * (`sid`). A client that does not answer does not stop the logout; the failure is reported.
   */
  async function backchannelLogout(ctx: KoaContext, session: Session): Promise<void> {
    const accountId = session.accountId;
    if (!accountId) return;
    await Promise.all(
      Object.keys(session.authorizations ?? {}).map(async (clientId) => {
        const client = await provider.Client.find(clientId);
        if (!client?.backchannelLogoutUri) return;
        const sid = session.sidFor(clientId);
        try {
          await client.backchannelLogout(accountId, sid);
          provider.emit("backchannel.success", ctx, client, accountId, sid);
        } catch (error) {
          provider.emit("backchannel.error", ctx, error, client, accountId, sid);
        }
      }),
    );
  }

  /** Ends an SSO session as Keycloak does: clients told, their grants revoked, session gone. */
  async function endSsoSession(ctx: KoaContext, session: Session): Promise<void> {
    await backchannelLogout(ctx, session);
    for (const authorization of Object.values(session.authorizations ?? {})) {
      if (authorization.grantId && !authorization.persistsLogout) {
        await revokeGrant(authorization.grantId);
      }
    }
    await session.destroy();
  }

  return endSsoSession;
}
