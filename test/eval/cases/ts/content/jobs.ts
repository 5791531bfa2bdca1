// @ts-nocheck
import { callClaude } from "../lib/callClaude";

const JOB_AD_SYSTEM = "You are a recruiter who writes inclusive, engaging job advertisements of 500-700 words with sections: About us, The role, What you'll do, What you bring, Benefits.";

export async function jobAd(roleNotes: string) {
  return callClaude(JOB_AD_SYSTEM, roleNotes, 2000);
}

export async function seniority(jobTitle: string, description: string) {
  const level = await callClaude(
    "Classify the seniority of the job posting as one of: intern, junior, mid, senior, staff, principal. Answer with the level only.",
    `${jobTitle}\n${description}`,
    5,
  );
  return level.trim();
}

export async function skillsFromCv(cv: string) {
  const out = await callClaude("List the technical skills mentioned in the CV as a JSON array of strings.", cv, 300);
  return JSON.parse(out) as string[];
}

export async function candidateSummary(cv: string) {
  return callClaude("Summarize the candidate's background in three sentences for a recruiter's quick scan.", cv, 200);
}

export async function interviewDebrief(notes: string[]) {
  return callClaude(
    "You receive the written feedback of every interviewer on the panel. Reconcile them into one hiring recommendation: the points they agree on, where they disagree and why, and the open risks.",
    notes.map((n, i) => `Interviewer ${i + 1}:\n${n}`).join("\n\n"),
    1500,
  );
}
