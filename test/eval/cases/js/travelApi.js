export async function searchFlights() { return []; }
export async function bookFlight() { return {}; }
export async function chargeCard() { return {}; }
