import { readGreenButtonData } from "@/db/queries/greenbutton";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { attachment } from "@/lib/csv";
import { greenButtonFeed } from "@/lib/greenbutton/feed";
import type { ReadingsWindow } from "@/lib/readings-request";

export const ATOM_TYPE = "application/atom+xml";

/**
 * A Green Button "Download My Data" file (NAESB ESPI 4.0) for one meter or a whole account,
 * over the readings API's window; 404 for either without the usage capability.
 */
export async function greenButtonResponse({
  principal,
  window,
  selfHref,
  ...scope
}: {
  principal: CustomerPrincipal;
  window: ReadingsWindow;
  selfHref: string;
} & ({ meterId: string } | { accountId: string })): Promise<Response> {
  const data = await readGreenButtonData({ principal, window, ...scope });
  const meter = "meterId" in scope ? data.meters[0] : undefined;
  const subject = meter ? `meter ${meter.meterNumber}` : `account ${data.accountNumber}`;
  const xml = greenButtonFeed({
    key: `${meter ? `meter:${meter.meterId}` : `account:${data.accountId}`}:${data.from}:${data.to}`,
    title: `Green Button usage data for ${subject}, ${data.from} to ${data.to}`,
    accountId: data.accountId,
    selfHref,
    updated: data.generatedAt,
    meters: data.meters,
  });
  const name = meter ? meter.meterNumber : data.accountNumber;
  return new Response(xml, {
    headers: {
      "content-type": `${ATOM_TYPE}; charset=utf-8`,
      "content-disposition": attachment(`${name}_${data.from}_${data.to}_green_button.xml`),
    },
  });
}
