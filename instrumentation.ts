/** Runs once when the server starts (Next.js). The server's own concerns live in lib/http. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installGracefulShutdown } = await import("./lib/http/shutdown");
    installGracefulShutdown();
  }
}
