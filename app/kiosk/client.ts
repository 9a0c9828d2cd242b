/**
 * The kiosk in the browser: a small controller over the server-rendered form
 * (./survey.server.tsx), with no framework — the whole kiosk page loads a few
 * kilobytes of JavaScript instead of Remix and React's ~85 KB. It runs the same
 * state machine and form reading as the server's no-JavaScript flow
 * (./machine.ts, ./form.ts), switches steps in place, and keeps every answer in
 * the outbox (./outbox.ts) from the first tap, so the thank-you screen never
 * waits for the network.
 */
import { RATINGS } from "~/domain/response";
import { detailsFromForm, phoneFromForm, readIntent, reasonsFromForm, stateFromForm } from "./form";
import type { KioskConfig } from "./page";
import {
  IDLE_SECONDS,
  IDLE_WARNING_SECONDS,
  type SurveyState,
  THANKS_SECONDS,
  initialState,
  newUuid,
  toSubmission,
  transition,
} from "./machine";
import { HEARTBEAT_MS, type OutboxCounts, discard, keep, sync } from "./outbox";
import { enableScanning } from "./scan";

const ARROWS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function startKiosk(form: HTMLFormElement): void {
  const config = JSON.parse(form.dataset.config!) as KioskConfig;
  const $$ = <E extends Element>(selector: string) => Array.from(form.querySelectorAll<E>(selector));
  // A page the server rendered mid-survey (a tap before this script ran) carries its state in hidden fields.
  let state: SurveyState =
    form.dataset.step === "thanks"
      ? { ...initialState(), step: "thanks" }
      : stateFromForm(new FormData(form), config.extras);
  form.querySelector<HTMLFieldSetElement>("#kiosk-state")!.disabled = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let warning: ReturnType<typeof setTimeout> | undefined;
  const warn = (on: boolean) => {
    for (const el of $$<HTMLElement>(".kiosk-idle")) {
      el.hidden = !on || el.closest<HTMLElement>("[data-lang]")!.dataset.lang !== state.language;
    }
  };

  const pending = form.querySelector<HTMLElement>(".kiosk-pending")!;
  const showCounts = ({ pending: n, held }: OutboxCounts) => {
    pending.hidden = n + held === 0;
    pending.textContent = held ? `${n} !${held}` : `${n}`;
  };
  // sync() catches its own failures (the heartbeat tries again), so nobody awaits it.
  const kick = () => void sync(config.app, showCounts);

  /** Keeps the survey in the outbox; a finished one that cannot be stored locally is posted at once. */
  function store(s: SurveyState, draft?: boolean) {
    const item = toSubmission(s, config.version);
    keep(item, draft).then(kick, () =>
      draft
        ? undefined
        : fetch("/api/v1/responses", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ responses: [item] }),
          }).catch(() => undefined)
    );
  }

  /** The survey with what the current step's controls hold. */
  function collect(): SurveyState {
    const data = new FormData(form);
    return state.step === "reasons"
      ? transition(state, { type: "reasons", reasons: reasonsFromForm(data) })
      : transition(state, { type: "details", ...detailsFromForm(data, config.extras) });
  }

  /** Shows a state: its step in its language, focus on the step's heading when the screen changed. */
  function show(next: SurveyState) {
    const moved = next.step !== state.step || next.language !== state.language;
    state = next;
    form.dataset.step = state.step;
    form.dataset.rating = state.rating ?? "";
    for (const el of $$<HTMLElement>(".kiosk-phone-error")) el.hidden = true;
    document.documentElement.lang = state.language;
    for (const screen of $$<HTMLElement>("[data-lang]")) {
      const current = screen.dataset.lang === state.language;
      screen.hidden = !current;
      if (current) document.title = screen.dataset.title!;
      for (const step of screen.querySelectorAll<HTMLFieldSetElement>("[data-step]")) {
        step.hidden = step.disabled = !current || step.dataset.step !== state.step;
      }
    }
    // The faces: a radio group with one tab stop (the chosen face, else the first).
    for (const face of $$<HTMLButtonElement>("[role=radio]")) {
      face.setAttribute("aria-checked", String(face.value === `rate:${state.rating}`));
      face.tabIndex = face.value === `rate:${state.rating ?? RATINGS[0]}` ? 0 : -1;
    }
    if (moved) {
      form
        .querySelector<HTMLElement>(`[data-lang="${state.language}"] [data-step="${state.step}"] h1`)
        ?.focus({ preventScroll: true });
    }
    arm();
  }

  /** The next citizen: empty controls, the first screen, in Vietnamese. */
  function restart() {
    for (const el of $$<HTMLInputElement>("[data-step] input, [data-step] textarea, [data-step] select")) {
      if (el.type === "checkbox" || el.type === "radio") el.checked = el.value === "";
      else el.value = "";
    }
    if (location.search) history.replaceState(null, "", location.pathname);
    show(initialState());
  }

  /** The thank-you screen's countdown, or the idle limit of a started survey (with a warning before it). */
  function arm() {
    clearTimeout(timer);
    clearTimeout(warning);
    warn(false);
    if (state.step === "thanks") timer = setTimeout(restart, THANKS_SECONDS * 1000);
    else if (state.step !== "rate") {
      warning = setTimeout(() => warn(true), (IDLE_SECONDS - IDLE_WARNING_SECONDS) * 1000);
      // Left alone: sent with what was answered (a tapped rating is a complete response).
      timer = setTimeout(() => {
        store(collect());
        restart();
      }, IDLE_SECONDS * 1000);
    }
  }
  for (const type of ["pointerdown", "keydown", "input"]) {
    addEventListener(type, () => state.step !== "rate" && state.step !== "thanks" && arm(), { passive: true });
  }

  form.addEventListener("submit", (event) => {
    const intent = readIntent((event.submitter as HTMLButtonElement | null)?.value ?? null);
    if (!intent) return;
    event.preventDefault();
    // The server's messages (JavaScript off) go; the contact step's own message is only hidden (show()).
    for (const el of $$(".kiosk-error:not(.kiosk-phone-error)")) el.remove();
    switch (intent.type) {
      case "rate": {
        const at = Date.now();
        const next = transition(state, {
          type: "rate",
          rating: intent.rating,
          id: newUuid(at),
          at: new Date(at).toISOString(),
        });
        store(next, true);
        return show(next);
      }
      case "reasons": {
        const next = collect();
        store(next, true);
        return show(next);
      }
      case "contact": {
        const { phone } = phoneFromForm(new FormData(form));
        if (phone === null) {
          // Not a Vietnamese mobile number: say so on this step, the typed number kept to correct.
          const step = form.querySelector<HTMLElement>(`[data-lang="${state.language}"] [data-step="contact"]`)!;
          step.querySelector<HTMLElement>(".kiosk-phone-error")!.hidden = false;
          step.querySelector<HTMLInputElement>("input[name=contactPhone]")!.focus();
          return arm();
        }
        const next = transition(state, { type: "contact", phone });
        store(next, true);
        return show(next);
      }
      case "skip": {
        const next = transition(state, { type: "contact", phone: null });
        store(next, true);
        return show(next);
      }
      case "send": {
        const next = transition(collect(), { type: "sent" });
        store(next);
        return show(next);
      }
      case "restart":
        // "Làm lại" discards an unsent survey; after the thank-you it only starts the next one.
        if (state.step !== "thanks" && state.id) discard(state.id).then(kick, () => undefined);
        return restart();
      default:
        return show(transition(state, intent));
    }
  });

  form.addEventListener("keydown", (event) => {
    const faces = $$<HTMLButtonElement>(`[data-lang="${state.language}"] [role=radio]`);
    const at = faces.indexOf(event.target as HTMLButtonElement);
    if (at < 0 || !ARROWS[event.key]) return;
    event.preventDefault();
    faces[(at + ARROWS[event.key] + faces.length) % faces.length].focus();
  });

  enableScanning(form);
  navigator.serviceWorker?.register("/sw.js", { scope: "/kiosk" }).catch(() => undefined);
  kick();
  setInterval(kick, HEARTBEAT_MS);
  addEventListener("online", kick);
  show(state);
}
