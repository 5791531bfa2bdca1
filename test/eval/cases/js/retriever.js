async function retrieve() { return []; }
module.exports = { retrieve };
