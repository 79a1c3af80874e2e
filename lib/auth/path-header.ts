/** The page's path, as the proxy passes it on, for the access audit. */
export const PATH_HEADER = "x-portal-path";
