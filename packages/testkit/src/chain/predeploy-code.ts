/** Moved to @faultline/devnet (the devnet's L2 genesis uses the same predeploy code). */
export { deployedCode, PredeployCodeError, predeployCode } from '@faultline/devnet';
