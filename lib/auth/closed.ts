/** Where a closed customer is sent: the sign-in page explains this error code. */
export const CLOSED_SIGN_IN = "/signin?error=customer_closed";
