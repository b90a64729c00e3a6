import { profileSummary } from './profile.js';
profileSummary(process.argv[2]!, Number(process.argv[3]), 1e9, 40);
