/**
 * setPermissionRequestHandler / setPermissionCheckHandler: the app needs no camera, microphone,
 * geolocation, notifications, clipboard-read, HID, serial … so every permission is refused.
 * Copy to clipboard works without a permission; file access goes through main's dialogs.
 */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}
