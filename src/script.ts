/** Entry of dist/avatar-chat.js, the classic script: defines the element and exports nothing (no globals). */
import './index.js';
