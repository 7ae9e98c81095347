// fabric-contract-api logs every decorator at info level when the contract class is defined, and
// reads the level when its loggers are created: the loaders import this before the contract.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';
