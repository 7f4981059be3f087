// The app's cookies: all __Host- (secure, whole site, no Domain), HTTP only, SameSite=Lax.
export const SESSION_COOKIE = '__Host-pcp_session';
export const PRE_SESSION_COOKIE = '__Host-pcp_csrf';
export const cookieOpts = { path: '/', secure: true, httpOnly: true, sameSite: 'lax' as const };
