/**
 * Scanning the dossier code from the receipt with the tablet's camera, where
 * the browser has a `BarcodeDetector` (progressive enhancement: elsewhere the
 * scan button stays hidden and the citizen types the code). Browser-only,
 * started by the kiosk controller (./client.ts).
 */
import { DOSSIER_CODE_MAX_LENGTH, dossierCodeOrNull } from "~/domain/dossier-code";

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new () => Detector;

const SCAN_MS = 20_000;
const FRAME_MS = 250;

/** Shows the scan buttons and wires them, if this browser can read codes from the camera. */
export function enableScanning(form: HTMLFormElement): void {
  const Barcode = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Barcode || !navigator.mediaDevices?.getUserMedia) return;
  for (const button of form.querySelectorAll<HTMLButtonElement>(".kiosk-scan")) {
    button.parentElement!.hidden = false;
    button.addEventListener("click", () => void scan(button, Barcode));
  }
}

/** The code a scanned value holds: the receipt's barcode; the evaluation link's QR code (a URL) is not a code. */
function codeOf(raw: string): string | null {
  if (/^https?:\/\//i.test(raw.trim())) return null;
  return dossierCodeOrNull(raw) ?? (raw.trim().slice(0, DOSSIER_CODE_MAX_LENGTH) || null);
}

async function scan(button: HTMLButtonElement, Barcode: DetectorClass): Promise<void> {
  const box = button.parentElement!;
  const video = box.querySelector("video")!;
  const input = button.closest("[data-lang]")!.querySelector<HTMLInputElement>("input[name=dossierCode]")!;
  let stream: MediaStream | undefined;
  button.disabled = true;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const detector = new Barcode();
    for (const until = Date.now() + SCAN_MS; Date.now() < until;) {
      const code = (await detector.detect(video)).map((b) => codeOf(b.rawValue)).find((c) => c !== null);
      if (code) {
        input.value = code;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.focus();
        return;
      }
      await new Promise((r) => setTimeout(r, FRAME_MS));
    }
  } catch {
    // No camera, or the citizen refused it: typing stays.
  } finally {
    for (const track of stream?.getTracks() ?? []) track.stop();
    video.srcObject = null;
    video.hidden = true;
    button.disabled = false;
  }
}
