// The set-up every example shares: `project` for the Herald at HERALD_URL with the API key
// HERALD_API_KEY (Herald prints one at start), and the participants the seed's snippets name.
import { Herald } from "@herald/sdk";

const apiKey = process.env.HERALD_API_KEY;
if (!apiKey) {
  throw new Error("set HERALD_API_KEY (and HERALD_URL, default http://localhost:8080)");
}

export const herald = new Herald({ url: process.env.HERALD_URL ?? "http://localhost:8080", apiKey });
export const project = herald.project;

// Herald knows a participant once it is created; the snippets name p1, p2 and p3
for (const id of ["p1", "p2", "p3"]) {
  await project.participants.create({ id, displayName: `Player ${id}` }).catch((error) => {
    if (error.status !== 409) throw error; // 409: already there
  });
}
