import { objectAt, onlyKeys, optionalString, refuse, type Json, type Run } from './check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/location-messages
// latitude and longitude required, in decimal degrees (the page types them as strings; numbers are accepted too,
// as the page's own location-request reply carries numbers); name and address optional.
export function checkLocation(node: unknown, _run: Run, path = 'location'): void {
  const location = objectAt(node, path);
  onlyKeys(location, path, ['latitude', 'longitude', 'name', 'address']);
  degrees(location, 'latitude', path, 90);
  degrees(location, 'longitude', path, 180);
  optionalString(location, 'name', path);
  optionalString(location, 'address', path);
}

function degrees(location: Json, key: string, path: string, limit: number): void {
  const value = location[key];
  if (value === undefined || value === '') refuse(131008, `Parameter '${path}.${key}' is required`);
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) refuse(100, `${path}.${key} must be decimal degrees, got ${JSON.stringify(value)}`);
  if (Math.abs(n) > limit) refuse(100, `${path}.${key} is ${n}, Meta allows -${limit} to ${limit}`);
}
