// Requests that check a connection, not jobs: a key test, a health check, a warm-up, a count of prompt tokens. They
// send a fixed greeting or "reply ok" with nothing of the app's data in it; a reviewer does not count them, and their
// cost is noise next to the jobs'. Only a prompt written whole in the code can be one (no hole, no tool).
import type { ScannedCall } from '../../types';

/** A greeting or a ping as the whole message. */
const GREETING = /^\s*(?:(?:hi|hello|hey)[,!.]?\s*(?:how are you(?: doing)?(?: today)?)?|ping|pong|test|testing|are you there)\s*[.!?]*\s*$/i;
/** A request for a fixed answer that proves the model answers. */
const FIXED_ANSWER = /\b(can you hear me|if you can hear me|reply (only )?(with )?['"“]?(ok|yes|pong|hello|hi)\b|respond (only )?(with )?['"“]?(ok|yes|pong|hello|hi|i can hear you)\b|say ['"“]?(ok|hi|hello|pong|yes)['"”]?[.!]?\s*$|this is a test\b|(?:you )?(?:respond|reply|say|answer) (?:with )?nothing\b)/i;
/** Functions that test a connection, a key or a model (`ProviderRuntime.check`, `provider.test`). */
const PROBE_NAME = /(^|[._])(ping|health_?check|healthcheck|probe|warm_?up)|(^|[._])connect(?=_|[A-Z]|$)|(^|[._])test(?=[A-Z_])|([Cc]onnectivity|[Cc]onnection|[Hh]ealth)_?([Cc]heck|[Tt]ests?)|(^|[._])(check|test|self_?test|selfTest)$|(test|check|verify|validate)_?(connection|connectivity|provider|model|api|api_?key|key|llm|endpoint|client|credentials|availability)|(test|check|verify|validate)(Connection|Connectivity|Provider|Model|Api|ApiKey|Key|Llm|LLM|Endpoint|Client|Credentials|Availability)|(^|[._])(check|get)_?[Ss]tatus$|(test|check|verify|validate)_?[A-Za-z]*_?([Cc]onfig|[Cc]onfiguration|[Ss]etup|[Ss]ettings)$|prompt_?tokens|PromptTokens|(^|[._])is_?[Vv]alid_?([Mm]odel|[Kk]ey|[Aa]pi_?[Kk]ey|[Pp]rovider|[Cc]onnection|[Cc]redentials)$|(^|[._])is_?[A-Za-z0-9_]*?_?[Aa]vailable$/;
/** A system prompt that says nothing about a job. */
const GENERIC_SYSTEM = /^\s*you are a helpful assistant[.!]?\s*$/i;
const QUALITY = '(?:clear|concise|informative|accurate|helpful|detailed|short|brief|useful|friendly|polite)';
/**
 * A persona that names no job: `You are a helpful assistant.`, optionally followed by `Generate a clear, concise, and
 * informative response to the user's question or request.` — the same words for any request a layer passes on.
 */
const GENERIC_PERSONA = new RegExp(
  `^\\s*you are an? (?:(?:helpful|friendly|useful|smart|knowledgeable|intelligent|capable|honest)(?:,? (?:and )?)?)*\\s*(?:ai )?assistant[.!]?` +
    `(?:\\s*(?:please )?(?:generate|give|provide|write|answer|respond)(?: with)?(?: an?)? (?:${QUALITY}(?:,? (?:and )?)?)+\\s*(?:response|answer|reply)` +
    `(?: to the user'?s? (?:question|request|message|query|input)(?: or (?:question|request|message|query))?)?[.!]?)?\\s*$`,
  'i',
);
export function isGenericPersona(text: string): boolean {
  return text.length <= 240 && GENERIC_PERSONA.test(text.replace(/\s+/g, ' '));
}

export function isProbe(c: ScannedCall): boolean {
  const named = [c.enclosingFunction, c.wrapper?.name ?? ''].some((n) => PROBE_NAME.test(n));
  // A model tester's tool-use check (`testToolUseRequest` asking for the weather with a stub tool) is a check too, and
  // so is its JSON-mode check (`runConnectivityTests` asking for `{"status": "CONNECTED"}`).
  if ((c.tools.length || c.outputSchema) && !named) return false;
  // A check named so reaches the model through the app's plumbing, which reshapes every request it passes (holes of
  // its own): what the check itself writes is what counts.
  const own = named ? c.prompt.filter((p) => p.file === c.file) : c.prompt;
  if (!own.length || own.some((p) => p.dynamicSlots > 0)) return false;
  const parts = own.filter((p) => !(p.role === 'system' && GENERIC_SYSTEM.test(p.text)));
  const text = parts.map((p) => p.text.replace(/\s+/g, ' ').trim()).join(' ').trim();
  if (!text || text.length > 120) return false;
  if (FIXED_ANSWER.test(text)) return true;
  // A greeting alone may be a demo's prompt: a probe when its function or its tiny budget says so.
  return named || (c.maxTokens !== null && c.maxTokens <= 8 && GREETING.test(text));
}

/**
 * Functions that make images, video or speech, or transcribe audio (`generateImageStandalone`, `executeTtsPattern`,
 * `transcribeAudio`): a near miss like the SDK's image and audio endpoints, even when the request behind them is a
 * text model's (an image model picked by id, a TTS pattern over a chat endpoint). Describing an image is text: it stays.
 */
const MADE_MEDIA = /^(?:generate|create|make|render|synthesi[sz]e|execute|run)_?(?:[Ii]mages?|[Vv]ideos?|[Ss]peech|[Aa]udio|[Vv]oice|[Tt]ts|TTS)(?![a-z])(?!_?(?:[Dd]escription|[Cc]aption|[Pp]rompt|[Aa]lt|[Ss]ummary|[Qq]uery))/;
/** Speech in or out, whatever the function writes. */
const SPEECH_IO = /^(?:tts|TTS|[Tt]ext_?[Tt]o_?[Ss]peech|[Ss]peech_?[Tt]o_?[Tt]ext|transcri(?:be|ption))(?![a-z])/;
const SPEECH_MADE = /^(?:synthesi[sz]e|execute|run)_?(?:[Ss]peech|[Tt]ts|TTS)(?![a-z])/;
const isMediaName = (name: string): boolean => MADE_MEDIA.test(name) || SPEECH_IO.test(name);
/** A provider class's image method named for painting (`model.paint(prompt, n)`). */
const PAINT = /^paint(?:Images?)?$/;
/** Instruction text a speech function must write for its request to be a text job of its own. */
const SPEECH_TEXT_JOB = 160;

export function isMediaJob(c: ScannedCall): boolean {
  const last = (name: string | undefined) => (name ?? '').split('.').pop() ?? '';
  // What the site calls makes the media: the prompt is the media's.
  if ([c.wrapper?.name, c.api].some((n) => isMediaName(last(n)))) return true;
  // …or a layer it goes through (`createAndGenerate` → `generateImagesDirect` → `model.paint(…)`).
  if (throughNames(c).some((t) => { const n = last(t); return isMediaName(n) || PAINT.test(n); })) return true;
  // A function named for media that writes instructions of its own to a text model (`generateVoiceFromText` asking
  // for a voice-over script) is a text job; one that passes its caller's prompt on is the media layer.
  const written = c.prompt.reduce((n, p) => n + p.text.replace(/\s+/g, ' ').trim().length, 0);
  const fn = last(c.enclosingFunction);
  // A speech function is the speech layer unless it writes a text job of its own at length (`tts_main` asking a chat
  // model to clean the subtitle text for the voice, in JSON, after the voice failed).
  return isMediaName(fn) && ((SPEECH_IO.test(fn) || SPEECH_MADE.test(fn)) ? written < SPEECH_TEXT_JOB : written < 40);
}

/**
 * Re-attaching to a generation already running upstream (`aixReattachContent(…)`, `beamReattachStream(…)`,
 * `resumeGeneration(id)`): the job that started it, streamed again, not a job of its own.
 */
const REATTACH = /[Rr]e-?[Aa]ttach|(?:^|[._a-z])[Rr]esume_?(?:[Ss]tream|[Gg]eneration|[Rr]un|[Uu]pstream|[Cc]ontent)/;

export function isReattach(c: ScannedCall): boolean {
  const names = [c.api, c.wrapper?.name ?? '', ...throughNames(c)];
  return names.some((n) => REATTACH.test(n.split('.').pop() ?? ''));
}

/** The functions of the app's layer a site goes through, by name (`through` holds "name in file"). */
function throughNames(c: ScannedCall): string[] {
  return (c.through ?? []).map((t) => t.split(' in ')[0]);
}
