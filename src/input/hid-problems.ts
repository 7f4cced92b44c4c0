import type { ProblemInput } from '../base/problem.ts';

/** Keys of the problems the HID manager raises; all start with `input.hid`. */
export const HID_PROBLEM = {
  unavailable: 'input.hid.unavailable',
  scan: 'input.hid.scan',
  permission: 'input.hid.permission',
  busy: 'input.hid.busy',
  open: 'input.hid.open',
} as const;

const OTHER_SOURCES = 'Keyboard and browser gamepads still work meanwhile.';

/** The udev rule for Sony pads: the USB line matches idVendor, the Bluetooth line the HID id. */
export const SONY_UDEV_RULES = [
  'KERNEL=="hidraw*", ATTRS{idVendor}=="054c", MODE="0660", TAG+="uaccess"',
  'KERNEL=="hidraw*", KERNELS=="*054C:*", MODE="0660", TAG+="uaccess"',
];
/** Numbered below 73 so systemd's uaccess handling (73-seat-late.rules) sees the tag. */
export const SONY_UDEV_FILE = '/etc/udev/rules.d/70-intervene-gamepads.rules';

export function unavailableProblem(error: string, platform: string): ProblemInput {
  let hint: string;
  if (/libusb/i.test(error)) hint = platform === 'linux' ? 'Install libusb: `sudo apt install libusb-1.0-0`, then restart Intervene.' : 'Install libusb-1.0 for your system, then restart Intervene.';
  else if (/libudev/i.test(error)) hint = 'Install libudev: `sudo apt install libudev1`, then restart Intervene.';
  else if (/cannot find (module|package)|ERR_MODULE_NOT_FOUND/i.test(error)) hint = 'The optional package node-hid is not installed: run `npm install node-hid` in the app folder, then restart.';
  else hint = 'Reinstall the optional package node-hid (`npm install node-hid`); on Linux it also needs `sudo apt install libusb-1.0-0`.';
  return {
    key: HID_PROBLEM.unavailable,
    severity: 'warning',
    message: `USB/Bluetooth gamepads cannot be read: ${error}`,
    hint: `${hint} ${OTHER_SOURCES}`,
  };
}

export function permissionProblem(devices: readonly string[], platform: string): ProblemInput {
  let hint: string;
  if (platform === 'linux') {
    const lines = SONY_UDEV_RULES.map((r) => `'${r}'`).join(' ');
    hint = `Allow your user to read the pad with a udev rule, then unplug and replug it:\n` +
      `printf '%s\\n' ${lines} | sudo tee ${SONY_UDEV_FILE}\n` +
      `sudo udevadm control --reload-rules && sudo udevadm trigger`;
  } else if (platform === 'darwin') {
    hint = 'Allow Intervene under System Settings > Privacy & Security > Input Monitoring, then restart it.';
  } else {
    hint = 'Another program may hold the pad exclusively (DS4Windows, Steam): close it and replug the pad.';
  }
  return {
    key: HID_PROBLEM.permission,
    severity: 'error',
    message: `Permission denied opening ${devices.join(', ')}.`,
    hint: `${hint}\n${OTHER_SOURCES}`,
  };
}

export function busyProblem(devices: readonly string[]): ProblemInput {
  return {
    key: HID_PROBLEM.busy,
    severity: 'warning',
    message: `${devices.join(', ')} is held by another program.`,
    hint: `Close programs that grab gamepads exclusively (DS4Windows, Steam, a second Intervene), then replug the pad. ${OTHER_SOURCES}`,
  };
}

export function openProblem(details: readonly string[]): ProblemInput {
  return {
    key: HID_PROBLEM.open,
    severity: 'warning',
    message: `Cannot open ${details.join('; ')}`,
    hint: `Replug the pad; if it persists, try another cable or port. ${OTHER_SOURCES}`,
  };
}

export function scanProblem(error: string): ProblemInput {
  return {
    key: HID_PROBLEM.scan,
    severity: 'warning',
    message: `Listing HID devices failed: ${error}`,
    hint: `Gamepads plugged in now will not be found until this clears. ${OTHER_SOURCES}`,
  };
}
