// Hardhat's development node for the `--rpc` tests (chain/test/rpc-node.ts): nothing is compiled here (the
// contracts are compiled by chain/compile.ts and deployed over JSON-RPC); Cancun matches the in-process chain A.
module.exports = { networks: { hardhat: { hardfork: 'cancun', chainId: 31337 } } };
