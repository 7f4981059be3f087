require('node:v8').setFlagsFromString('--max-semi-space-size=4')
