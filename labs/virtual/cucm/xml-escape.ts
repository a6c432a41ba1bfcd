// Escaping for text and attribute values in XML and HTML: every value this CUCM renders goes
// through here, whether it came from the lab description, a form or an AXL request.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
