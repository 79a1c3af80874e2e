import { Badge } from "@/components/ui/badge";

export function BillStatusBadge({ status, overdue }: { status: string; overdue: boolean }) {
  if (overdue) return <Badge tone="danger">Overdue</Badge>;
  if (status === "paid") return <Badge tone="success">Paid</Badge>;
  if (status === "partially_paid") return <Badge tone="warning">Part paid</Badge>;
  if (status === "void") return <Badge>Void</Badge>;
  return <Badge tone="info">Due</Badge>;
}
